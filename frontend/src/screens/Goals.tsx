import { Heading2, Paragraph } from '@utrecht/component-library-react';
import { formatNumber, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, paths } from '../router';
import { useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { searchOf } from './actionQuery';

/** Goals shows each goal with the progress of the actions the viewer may see. */
export function Goals() {
  const { api } = useSession();
  const { t } = useI18n();
  const { workspace: ws, ticks } = useWorkspace();
  const goals = useLoad(() => api.goals(ws.id), [ws.id, ticks.goal, ticks.action]);
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
            </li>
          );
        })}
      </ul>
    </>
  );
}
