import { Heading2 } from '@utrecht/component-library-react';
import { actionStatuses, type ActionStatus } from '../api/types';
import { isOverdue, mayOn } from '../actions';
import { formatDate, formatNumber, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, paths } from '../router';
import { orgName, useSession } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { OverdueBadge } from '../ui/StatusBadge';
import { Restricted } from './parts';
import { useActionSaver } from './useActionSaver';

/**
 * Board shows the actions in a column per status. Moving a card is a
 * status choice on the card, so it works with the keyboard alone.
 */
export function Board() {
  const s = useSession();
  const { t } = useI18n();
  const text = useErrorText();
  const { workspace: ws, ticks } = useWorkspace();
  const list = useLoad(() => s.api.actions(ws.id, { sort: 'due_date', per_page: 200 }), [ws.id, ticks.action]);
  const saver = useActionSaver(() => list.reload());
  const items = list.data?.items ?? [];
  return (
    <>
      <PageTitle>{`${t('ws.board')}: ${ws.title}`}</PageTitle>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <div className="kh-board">
        {actionStatuses.map((st) => {
          const col = items.filter((a) => a.status === st);
          return (
            <section key={st} className={`kh-board__col kh-board__col--${st}`} aria-labelledby={`col-${st}`}>
              <Heading2 id={`col-${st}`} className="kh-board__heading">
                {t('actions.boardColumn', { status: t(`status.${st}`), count: formatNumber(col.length) })}
              </Heading2>
              <ul className="kh-board__cards">
                {col.map((a) => {
                  const err = saver.errors.get(a.id);
                  return (
                    <li key={a.id} className="kh-board__card" data-action-id={a.id}>
                      <Link href={paths.action(ws.id, a.id)} className="kh-board__title">{a.title}</Link>
                      <span className="kh-board__meta">{orgName(s, a.owner_organisation_id)}</span>
                      {a.due_date && (
                        <span className="kh-board__meta">
                          {t('actions.due')}: {formatDate(a.due_date)} {isOverdue(a) && <OverdueBadge />}
                        </span>
                      )}
                      {a.count_target !== null && (
                        <span className="kh-board__meta">
                          {formatNumber(a.count_done)} {t('actions.ofTarget', { target: formatNumber(a.count_target) })}
                        </span>
                      )}
                      <Restricted visibility={a.visibility} />
                      {mayOn(a, 'edit') && (
                        <label className="kh-board__move">
                          <span className="utrecht-form-label">{t('actions.moveTo')}</span>
                          <select
                            className="utrecht-select utrecht-select--html-select"
                            aria-label={t('actions.statusOf', { title: a.title })}
                            value={a.status}
                            onChange={(e) => void saver.save(a, { status: e.target.value as ActionStatus })}
                          >
                            {actionStatuses.map((x) => <option key={x} value={x}>{t(`status.${x}`)}</option>)}
                          </select>
                        </label>
                      )}
                      {err && <p className="utrecht-form-field-error-message" role="alert">{text(err)}</p>}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
      {saver.dialog}
    </>
  );
}
