import { useEffect, useRef, useState } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import { formatNumber, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, paths } from '../router';
import { useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { searchOf } from './actionQuery';
import { GoalForm } from './GoalForm';

/**
 * Goals shows each goal with the progress of the actions the viewer may
 * see; a regisseur adds and changes goals here.
 */
export function Goals() {
  const { api } = useSession();
  const { t } = useI18n();
  const { workspace: ws, ticks } = useWorkspace();
  const goals = useLoad(() => api.goals(ws.id), [ws.id, ticks.goal, ticks.action]);
  const manage = ws.my_role === 'regisseur' && !ws.archived;
  const [editing, setEditing] = useState<number>();
  // After an edit form closes, the focus goes back to its goal's edit button.
  const closed = useRef<number>(undefined);
  useEffect(() => {
    if (editing === undefined && closed.current !== undefined) {
      document.getElementById(`goal-edit-${closed.current}`)?.focus();
      closed.current = undefined;
    }
  }, [editing]);
  const close = (id: number) => {
    closed.current = id;
    setEditing(undefined);
  };
  return (
    <>
      <PageTitle>{`${t('goals.title')}: ${ws.title}`}</PageTitle>
      <ErrorAlert error={goals.error} onRetry={goals.reload} />
      {goals.data?.length === 0 && <Paragraph>{t('goals.none')}</Paragraph>}
      <ul className="kh-goals">
        {(goals.data ?? []).map((g) => {
          const p = g.progress;
          const hasCount = p.count_target > 0;
          const value = hasCount ? Math.min(p.count_done, p.count_target) : p.done;
          const max = hasCount ? p.count_target : Math.max(p.actions, 1);
          if (editing === g.id) {
            return (
              <li key={g.id} className="kh-goal">
                <GoalForm workspaceID={ws.id} goal={g} onDone={() => { close(g.id); goals.reload(); }} onCancel={() => close(g.id)} />
              </li>
            );
          }
          return (
            <li key={g.id} className="kh-goal">
              <Heading2 className="kh-goal__title">{g.title}</Heading2>
              {g.description && <Paragraph>{g.description}</Paragraph>}
              <progress className="kh-progress" max={max} value={value} aria-label={t('goals.progressLabel', { title: g.title })} />
              <Paragraph>
                {hasCount && (
                  <>{t('goals.count', { done: formatNumber(p.count_done), target: formatNumber(p.count_target), unit: g.unit })}. </>
                )}
                <Link href={paths.actions(ws.id, searchOf({ goal: g.id }))}>
                  {t('goals.actions', { done: formatNumber(p.done), actions: formatNumber(p.actions) })}
                </Link>
              </Paragraph>
              {manage && (
                <button
                  type="button"
                  id={`goal-edit-${g.id}`}
                  className="utrecht-button utrecht-button--secondary-action"
                  aria-label={t('goals.editGoal', { title: g.title })}
                  onClick={() => setEditing(g.id)}
                >
                  {t('action.edit')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {manage && (
        <section aria-labelledby="goal-new-heading">
          <Heading2 id="goal-new-heading">{t('goals.new')}</Heading2>
          <GoalForm workspaceID={ws.id} onDone={goals.reload} />
        </section>
      )}
    </>
  );
}
