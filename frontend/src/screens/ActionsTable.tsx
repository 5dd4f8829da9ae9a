import { useEffect, useState, type FormEvent } from 'react';
import { ButtonLink, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { actionStatuses, type Action, type ActionQuery, type ActionStatus, type Goal } from '../api/types';
import { canCreate, isOverdue, mayOn } from '../actions';
import { formatDate, formatNumber, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, navigate, paths, useLocation } from '../router';
import { orgName, userName, useSession } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { ActionStatusBadge, OverdueBadge } from '../ui/StatusBadge';
import { Restricted } from './parts';
import { useActionSaver } from './useActionSaver';
import { perPage, queryOf, searchOf, sortLabels, sorts } from './actionQuery';
import { ActionExports } from './ActionExports';

/** ActionsTable lists a workspace's actions with filters, sorting, paging and quick updates. */
export function ActionsTable() {
  const s = useSession();
  const { t } = useI18n();
  const { workspace: ws, members, ticks } = useWorkspace();
  const { search } = useLocation();
  const q = queryOf(search);
  const list = useLoad(() => s.api.actions(ws.id, q), [ws.id, search, ticks.action]);
  const goals = useLoad(() => s.api.goals(ws.id), [ws.id, ticks.goal]);
  const saver = useActionSaver(() => list.reload());
  const set = (change: Partial<ActionQuery>) =>
    navigate(paths.actions(ws.id, searchOf({ ...q, page: 1, ...change })), { replace: true });

  const page = list.data;
  const pages = page ? Math.max(1, Math.ceil(page.total / perPage)) : 1;
  return (
    <>
      <PageTitle>{`${t('ws.actions')}: ${ws.title}`}</PageTitle>
      {canCreate(ws.my_role) && (
        <p>
          <ButtonLink appearance="primary-action-button" href={paths.newAction(ws.id)} onClick={(e) => { e.preventDefault(); navigate(paths.newAction(ws.id)); }}>
            {t('actions.new')}
          </ButtonLink>
        </p>
      )}
      <form className="kh-filters" aria-label={t('actions.filters')} onSubmit={(e) => e.preventDefault()}>
        <fieldset className="utrecht-form-fieldset kh-filters__status">
          <legend className="utrecht-form-fieldset__legend">{t('actions.filterStatus')}</legend>
          {actionStatuses.map((st) => (
            <label key={st} className="kh-check">
              <input
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
                checked={q.status?.includes(st) ?? false}
                onChange={(e) => set({ status: e.target.checked ? [...(q.status ?? []), st] : (q.status ?? []).filter((x) => x !== st) })}
              />
              {t(`status.${st}`)}
            </label>
          ))}
        </fieldset>
        <label className="kh-field">
          <span className="utrecht-form-label">{t('actions.filterOwner')}</span>
          <select className="utrecht-select utrecht-select--html-select" value={q.owner ?? ''} onChange={(e) => set({ owner: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">{t('actions.all')}</option>
            {members.map((m) => (
              <option key={m.organisation_id} value={m.organisation_id}>{m.organisation.name}</option>
            ))}
          </select>
        </label>
        <label className="kh-field">
          <span className="utrecht-form-label">{t('actions.filterGoal')}</span>
          <select className="utrecht-select utrecht-select--html-select" value={q.goal ?? ''} onChange={(e) => set({ goal: e.target.value ? Number(e.target.value) : undefined })}>
            <option value="">{t('actions.all')}</option>
            {(goals.data ?? []).map((g: Goal) => (
              <option key={g.id} value={g.id}>{g.title}</option>
            ))}
          </select>
        </label>
        <label className="kh-check kh-field">
          <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked={q.overdue ?? false} onChange={(e) => set({ overdue: e.target.checked || undefined })} />
          {t('actions.overdueOnly')}
        </label>
        <label className="kh-field">
          <span className="utrecht-form-label">{t('actions.sort')}</span>
          <select className="utrecht-select utrecht-select--html-select" value={q.sort} onChange={(e) => set({ sort: e.target.value as ActionQuery['sort'] })}>
            {sorts.map((k) => <option key={k} value={k}>{t(sortLabels[k])}</option>)}
          </select>
        </label>
        <label className="kh-field">
          <span className="utrecht-form-label">{t('actions.order')}</span>
          <select className="utrecht-select utrecht-select--html-select" value={q.order} onChange={(e) => set({ order: e.target.value === 'desc' ? 'desc' : 'asc' })}>
            <option value="asc">{t('actions.asc')}</option>
            <option value="desc">{t('actions.desc')}</option>
          </select>
        </label>
      </form>
      <ActionExports workspaceID={ws.id} query={q} />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {page && (
        <div className="kh-table-wrap">
          <table className="utrecht-table kh-actions" aria-busy={list.loading}>
            <caption className="utrecht-table__caption">{t('actions.caption', { total: formatNumber(page.total) })}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">{t('actions.title')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('actions.owner')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('actions.lead')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('actions.status')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('actions.due')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('actions.progress')}</th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {page.items.map((a) => (
                <ActionRow key={a.id} action={a} editable={mayOn(a, 'edit')} error={saver.errors.get(a.id)} save={saver.save} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.items.length === 0 && <Paragraph>{t('actions.none')}</Paragraph>}
      {page && pages > 1 && (
        <nav className="kh-pager" aria-label={t('actions.page', { page: q.page ?? 1, pages })}>
          {(q.page ?? 1) > 1 && <Link href={paths.actions(ws.id, searchOf({ ...q, page: (q.page ?? 1) - 1 }))}>{t('actions.prev')}</Link>}
          <span>{t('actions.page', { page: q.page ?? 1, pages })}</span>
          {(q.page ?? 1) < pages && <Link href={paths.actions(ws.id, searchOf({ ...q, page: (q.page ?? 1) + 1 }))}>{t('actions.next')}</Link>}
        </nav>
      )}
      {saver.dialog}
    </>
  );
}

/** ActionRow is one action with its quick controls; a count being typed survives live reloads. */
function ActionRow({ action: a, editable, error, save }: {
  action: Action;
  editable: boolean;
  error: ApiError | undefined;
  save(a: Action, patch: { status?: ActionStatus; count_done?: number }): Promise<boolean>;
}) {
  const s = useSession();
  const { t } = useI18n();
  const text = useErrorText();
  const { workspace: ws } = useWorkspace();
  const [draft, setDraft] = useState<string | null>(null);
  const errID = `row-err-${a.id}`;
  useEffect(() => {
    if (draft !== null && draft === String(a.count_done)) setDraft(null);
  }, [a.count_done, draft]);
  const submitCount = async (e: FormEvent) => {
    e.preventDefault();
    if (draft === null) return;
    const n = Number(draft);
    if (!/^\d+$/.test(draft.trim())) return;
    if (await save(a, { count_done: n })) setDraft(null);
  };
  return (
    <tr className="utrecht-table__row" data-action-id={a.id}>
      <td className="utrecht-table__cell">
        <Link href={paths.action(ws.id, a.id)}>{a.title}</Link> <Restricted visibility={a.visibility} />
        {error && (
          <p id={errID} className="utrecht-form-field-error-message kh-row-error" role="alert">{text(error)}</p>
        )}
      </td>
      <td className="utrecht-table__cell">{orgName(s, a.owner_organisation_id)}</td>
      <td className="utrecht-table__cell">{userName(s, a.lead_user_id) || t('action.none')}</td>
      <td className="utrecht-table__cell">
        {editable ? (
          <select
            className="utrecht-select utrecht-select--html-select kh-inline-select"
            aria-label={t('actions.statusOf', { title: a.title })}
            aria-describedby={error ? errID : undefined}
            value={a.status}
            onChange={(e) => void save(a, { status: e.target.value as ActionStatus })}
          >
            {actionStatuses.map((st) => <option key={st} value={st}>{t(`status.${st}`)}</option>)}
          </select>
        ) : (
          <ActionStatusBadge status={a.status} />
        )}
      </td>
      <td className="utrecht-table__cell kh-nowrap">
        {a.due_date ? formatDate(a.due_date) : t('action.none')} {isOverdue(a) && <OverdueBadge />}
      </td>
      <td className="utrecht-table__cell">
        {a.count_target === null ? (
          t('action.none')
        ) : editable ? (
          <form className="kh-count" onSubmit={submitCount}>
            <input
              type="number"
              min={0}
              inputMode="numeric"
              className="utrecht-textbox utrecht-textbox--html-input kh-count__input"
              aria-label={t('actions.countOf', { title: a.title })}
              aria-describedby={error ? errID : undefined}
              value={draft ?? String(a.count_done)}
              onChange={(e) => setDraft(e.target.value)}
            />
            <span>{t('actions.ofTarget', { target: formatNumber(a.count_target) })}</span>
            {draft !== null && draft !== String(a.count_done) && (
              <button type="submit" className="utrecht-button utrecht-button--secondary-action kh-small-button">{t('actions.countSave')}</button>
            )}
          </form>
        ) : (
          `${formatNumber(a.count_done)} ${t('actions.ofTarget', { target: formatNumber(a.count_target) })}`
        )}
      </td>
    </tr>
  );
}
