import { useEffect, useRef, useState } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { Action, ActionSummary, Workspace } from '../api/types';
import { openStatuses } from '../api/types';
import { isOverdue } from '../actions';
import { formatDate, formatNumber, useI18n } from '../i18n/i18n';
import { useLoad } from '../live';
import { workspaceTopic } from '../realtime/protocol';
import { Link, paths } from '../router';
import { orgName, useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { Restricted } from './parts';
import { ActionStatusBadge, OverdueBadge } from '../ui/StatusBadge';
import { MyCalendar, UpcomingMeetings } from '../meetings/MyCalendar';

interface WorkspaceView {
  workspace: Workspace;
  summary: ActionSummary;
  mine: Action[];
}

/**
 * Overview is the start page: the workspaces of the user's organisation and
 * that organisation's open actions, overdue first. It follows every one of
 * those workspaces live. Upcoming meetings join it when the hub has them.
 */
export function Overview() {
  const s = useSession();
  const { t } = useI18n();
  const { api, me, realtime } = s;
  const [tick, setTick] = useState(0);
  const active = me.memberships.filter((m) => !m.archived);
  const load = useLoad(
    () =>
      Promise.all(
        active.map(async (m): Promise<WorkspaceView> => {
          const [workspace, summary, page] = await Promise.all([
            api.workspace(m.workspace_id),
            api.summary(m.workspace_id),
            api.actions(m.workspace_id, { owner: me.organisation.id, status: [...openStatuses], sort: 'due_date', per_page: 200 }),
          ]);
          return { workspace, summary, mine: page.items };
        }),
      ),
    [tick],
  );

  // Follow each workspace from the sequence number the first load saw.
  const followed = useRef(false);
  useEffect(() => {
    if (!load.data || followed.current) return;
    followed.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bump = () => {
      if (timer === undefined) timer = setTimeout(() => { timer = undefined; setTick((n) => n + 1); }, 60);
    };
    const stops = load.data.map((v) =>
      realtime.subscribe(workspaceTopic(v.workspace.id), v.workspace.last_seq, {
        event: bump,
        removed: bump,
        resync: async () => (await api.workspace(v.workspace.id)).last_seq,
      }),
    );
    return () => {
      stops.forEach((stop) => stop());
      if (timer !== undefined) clearTimeout(timer);
      followed.current = false;
    };
  }, [load.data !== undefined]); // once loaded; later reloads keep the subscriptions

  const views = load.data ?? [];
  const mine = views.flatMap((v) => v.mine.map((a) => ({ a, ws: v.workspace })));
  const overdue = mine.filter(({ a }) => isOverdue(a));
  const rest = mine.filter(({ a }) => !isOverdue(a));

  return (
    <>
      <PageTitle>{t('overview.title')}</PageTitle>
      <ErrorAlert error={load.error} onRetry={load.reload} />
      <section aria-labelledby="ov-ws">
        <Heading2 id="ov-ws">{t('overview.workspaces')}</Heading2>
        {active.length === 0 && <Paragraph>{t('overview.noWorkspaces')}</Paragraph>}
        {active.length > 0 && <Paragraph><Link href={paths.progress()}>{t('progress.overviewLink')}</Link></Paragraph>}
        <ul className="kh-cards">
          {active.map((m) => {
            const v = views.find((x) => x.workspace.id === m.workspace_id);
            const open = v ? openStatuses.reduce((n, st) => n + (v.summary.by_status[st] ?? 0), 0) : undefined;
            return (
              <li key={m.workspace_id} className="kh-card">
                <Link href={paths.actions(m.workspace_id)} className="kh-card__title">{m.workspace_title}</Link>
                <span className="kh-card__meta">{t('overview.role', { role: t(`role.${m.role}`) })}</span>
                {v && open !== undefined && (
                  <span className="kh-card__meta" data-testid={`ws-counts-${m.workspace_id}`}>
                    {t('overview.counts', { open: formatNumber(open), overdue: formatNumber(v.summary.overdue) })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="ov-overdue">
        <Heading2 id="ov-overdue">{t('overview.overdue')}</Heading2>
        {load.data && overdue.length === 0 && <Paragraph>{t('overview.noOverdue')}</Paragraph>}
        {overdue.length > 0 && <MyActions rows={overdue} label="ov-overdue" />}
      </section>
      <section aria-labelledby="ov-mine">
        <Heading2 id="ov-mine">{t('overview.myActions', { organisation: orgName(s, me.organisation.id) })}</Heading2>
        {load.data && rest.length === 0 && <Paragraph>{t('overview.noActions')}</Paragraph>}
        {rest.length > 0 && <MyActions rows={rest} label="ov-mine" />}
      </section>
      <UpcomingMeetings tick={tick} />
      <MyCalendar />
    </>
  );
}

function MyActions({ rows, label }: { rows: { a: Action; ws: Workspace }[]; label: string }) {
  const { t } = useI18n();
  return (
    <div className="kh-table-wrap">
      <table className="utrecht-table" aria-labelledby={label}>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">{t('actions.title')}</th>
            <th scope="col" className="utrecht-table__header-cell">{t('overview.workspace')}</th>
            <th scope="col" className="utrecht-table__header-cell">{t('actions.status')}</th>
            <th scope="col" className="utrecht-table__header-cell">{t('actions.due')}</th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {rows.map(({ a, ws }) => (
            <tr key={a.id} className="utrecht-table__row">
              <td className="utrecht-table__cell">
                <Link href={paths.action(ws.id, a.id)}>{a.title}</Link> <Restricted visibility={a.visibility} />
              </td>
              <td className="utrecht-table__cell">{ws.title}</td>
              <td className="utrecht-table__cell"><ActionStatusBadge status={a.status} /></td>
              <td className="utrecht-table__cell">
                {a.due_date ? formatDate(a.due_date) : t('action.none')} {isOverdue(a) && <OverdueBadge />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
