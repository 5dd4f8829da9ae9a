// Voortgang: progress per theme for one IVP period. For every workspace of
// that period the viewer's organisation is in, its goals' progress and its
// actions by status as charts, overdue actions highlighted, and links to
// the progress report. It follows each workspace's topic and reloads when
// an action, goal, membership or the workspace itself changes.
import { useEffect, useRef, useState } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import { exportsURL } from '../api/meetings';
import type { Role, Workspace } from '../api/types';
import { formatNumber, useI18n } from '../i18n/i18n';
import { useLoad } from '../live';
import { workspaceTopic } from '../realtime/protocol';
import { Link, navigate, paths, useLocation } from '../router';
import { orgName, useSession } from '../session';
import { searchOf } from '../screens/actionQuery';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { defaultPeriod, goalBars, inPeriod, periodKey, periodsOf, statusBar, totals, type GoalBar, type StatusBar } from './chart';
import { GoalChart, GoalTable, StatusChart, StatusLegend, StatusTable } from './charts';
import './progress.css';

interface ThemeProgress {
  workspace: Workspace;
  goals: GoalBar[];
  status: StatusBar;
}

/** Subjects whose events change what the page shows. */
const followed = new Set(['action', 'goal', 'membership', 'workspace']);

/**
 * useFollow subscribes to each workspace's topic while it is shown and calls
 * changed (at most once per burst of events) when something the page shows
 * may have changed.
 */
function useFollow(spaces: Workspace[], changed: () => void): void {
  const changedRef = useRef(changed);
  changedRef.current = changed;
  const { api, realtime } = useSession();
  const ids = spaces.map((w) => w.id).join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      if (timer === undefined) timer = setTimeout(() => { timer = undefined; changedRef.current(); }, 60);
    };
    const stops = spaces.map((w) =>
      realtime.subscribe(workspaceTopic(w.id), w.last_seq, {
        event: (ev) => followed.has(ev.subject) && bump(),
        removed: bump,
        resync: async () => {
          bump();
          return (await api.workspace(w.id)).last_seq;
        },
        ended: bump,
      }),
    );
    return () => {
      stops.forEach((stop) => stop());
      if (timer !== undefined) clearTimeout(timer);
    };
    // Subscriptions follow the set of workspaces, not each reload of the list.
  }, [ids, realtime, api]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** ProgressPage is /voortgang[?periode=...]. */
export function ProgressPage() {
  const s = useSession();
  const { t, lang } = useI18n();
  const { search } = useLocation();
  const [tick, setTick] = useState(0);
  const list = useLoad(
    async () => (await s.api.request<{ items: Workspace[] }>('GET', '/api/v1/workspaces?include_archived=true')).items,
    [tick],
  );
  const spaces = list.data ?? [];
  const periods = periodsOf(spaces);
  const asked = new URLSearchParams(search).get('periode') ?? '';
  const period = periods.find((p) => asked && periodKey(p) === periodKey(asked)) ?? defaultPeriod(spaces);
  const chosen = inPeriod(spaces, period);
  const ids = chosen.map((w) => w.id).join(',');
  const data = useLoad(
    () =>
      Promise.all(
        chosen.map(async (workspace): Promise<ThemeProgress> => {
          const [goals, summary] = await Promise.all([s.api.goals(workspace.id), s.api.summary(workspace.id)]);
          return { workspace, goals: goalBars(goals), status: statusBar(summary) };
        }),
      ),
    [ids, tick],
  );
  useFollow(chosen, () => setTick((n) => n + 1));

  // Keep showing the last figures while a reload runs; drop those of another period.
  const shown = (data.data ?? []).filter((p) => chosen.some((w) => w.id === p.workspace.id));
  const sum = totals(shown.map((p) => p.status));
  const ready = list.data !== undefined && data.data !== undefined;

  return (
    <>
      <PageTitle>{t('progress.title')}</PageTitle>
      <Paragraph>{t('progress.intro', { organisation: orgName(s, s.me.organisation.id) })}</Paragraph>
      <ErrorAlert error={list.error ?? data.error} onRetry={() => setTick((n) => n + 1)} />
      {list.data && periods.length === 0 && <Paragraph>{t('progress.noPeriods')}</Paragraph>}
      {periods.length > 0 && (
        <div className="kh-progress-bar">
          <div className="utrecht-form-field kh-field">
            <label htmlFor="progress-period" className="utrecht-form-label">{t('progress.period')}</label>
            <select
              id="progress-period"
              className="utrecht-select utrecht-select--html-select"
              value={period}
              onChange={(e) => navigate(paths.progress(e.target.value), { replace: true })}
            >
              {periods.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </div>
          <nav aria-labelledby="progress-report" className="kh-progress-report">
            <h2 id="progress-report" className="utrecht-heading-3">{t('progress.report')}</h2>
            <ul className="kh-plain-list">
              <li><a className="utrecht-link" href={exportsURL.progress('html', lang, period)} data-testid="report-html">{t('progress.reportHtml', { period })}</a></li>
              <li><a className="utrecht-link" href={exportsURL.progress('pdf', lang, period)} data-testid="report-pdf">{t('progress.reportPdf', { period })}</a></li>
            </ul>
          </nav>
        </div>
      )}
      {ready && chosen.length === 0 && periods.length > 0 && <Paragraph>{t('progress.noWorkspaces')}</Paragraph>}
      {shown.length > 0 && (
        <p className="kh-progress-totals" data-testid="progress-totals" aria-live="polite">
          {t('progress.totals', { total: formatNumber(sum.total), done: formatNumber(sum.done), overdue: formatNumber(sum.overdue) })}
        </p>
      )}
      <div className="kh-progress" aria-busy={list.loading || data.loading}>
        {shown.map((p) => <Theme key={p.workspace.id} p={p} />)}
      </div>
    </>
  );
}

/** Theme is one workspace's part of the page: its goals and its actions by status. */
function Theme({ p }: { p: ThemeProgress }) {
  const { t } = useI18n();
  const w = p.workspace;
  const head = `pw-${w.id}`;
  return (
    <section className="kh-progress-theme" aria-labelledby={head} data-workspace-id={w.id}>
      <Heading2 id={head}>
        {w.title}
        {w.archived && <span className="kh-muted kh-progress-theme__archived"> ({t('progress.archived')})</span>}
      </Heading2>
      <p className="kh-muted">
        {t('progress.role', { role: t(`role.${w.my_role as Role}`) })}
        {' · '}
        <Link href={paths.goals(w.id)}>{t('progress.openWorkspace', { workspace: w.title })}</Link>
      </p>
      <div className="kh-progress-theme__grid">
        <div>
          <h3 className="utrecht-heading-3">{t('progress.goals')}</h3>
          {p.goals.length === 0 ? (
            <Paragraph>{t('progress.noGoals')}</Paragraph>
          ) : (
            <>
              <GoalChart bars={p.goals} workspace={w.title} />
              <GoalTable bars={p.goals} workspace={w.title} />
            </>
          )}
        </div>
        <div>
          <h3 className="utrecht-heading-3">{t('progress.statuses')}</h3>
          {p.status.total === 0 ? (
            <Paragraph>{t('progress.noActions')}</Paragraph>
          ) : (
            <>
              <StatusChart bar={p.status} workspace={w.title} />
              <StatusLegend bar={p.status} />
              {p.status.overdue > 0 && (
                <p className="kh-progress-overdue" data-testid={`theme-overdue-${w.id}`}>
                  <span className="kh-overdue">{t('progress.overdue', { count: formatNumber(p.status.overdue) })}</span>{' '}
                  <Link href={paths.actions(w.id, searchOf({ overdue: true }))}>{t('progress.overdueLink')}</Link>
                </p>
              )}
              <StatusTable bar={p.status} workspace={w.title} />
            </>
          )}
        </div>
      </div>
    </section>
  );
}
