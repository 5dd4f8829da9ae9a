import { Paragraph } from '@utrecht/component-library-react';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { useWorkspace, WorkspaceProvider } from '../live';
import { Link, match, paths } from '../router';
import { ErrorAlert } from '../ui/ErrorAlert';
import { ActionDetail } from './ActionDetail';
import { ActionForm } from './ActionForm';
import { ActionsTable } from './ActionsTable';
import { Activity } from './Activity';
import { Board } from './Board';
import { Goals } from './Goals';
import { Members } from './Members';
import { NotFound } from './NotFound';
import { MeetingsTab, PlanMeeting } from '../meetings/MeetingsTab';

interface Tab {
  key: MessageKey;
  href: (ws: number) => string;
  /** Paths that count as this tab (the action pages belong to "actions"). */
  prefix: (ws: number) => string;
  regisseurOnly?: boolean;
}

// The tabs of a workspace. The meetings tab joins here when the hub's
// meetings API exists (paths under /werkruimtes/:ws/overleggen).
const tabs: Tab[] = [
  { key: 'ws.actions', href: (ws) => paths.actions(ws), prefix: (ws) => paths.actions(ws) },
  { key: 'ws.board', href: paths.board, prefix: paths.board },
  { key: 'ws.goals', href: paths.goals, prefix: paths.goals },
  { key: 'ws.meetings', href: paths.meetings, prefix: paths.meetings },
  { key: 'ws.activity', href: paths.activity, prefix: paths.activity, regisseurOnly: true },
  { key: 'ws.members', href: paths.members, prefix: paths.members },
];

/** WorkspacePage is every page under /werkruimtes/:ws, live on the workspace's topic. */
export function WorkspacePage({ id, rest }: { id: number; rest: string }) {
  const { t } = useI18n();
  return (
    <WorkspaceProvider
      id={id}
      fallback={(err) =>
        err ? (err.status === 404 ? <Paragraph>{t('ws.gone')}</Paragraph> : <ErrorAlert error={err} />) : <Paragraph>{t('app.loading')}</Paragraph>
      }
    >
      <WorkspaceFrame id={id} rest={rest} />
    </WorkspaceProvider>
  );
}

function WorkspaceFrame({ id, rest }: { id: number; rest: string }) {
  const { t } = useI18n();
  const live = useWorkspace();
  const { workspace: ws, gone } = live;
  const path = paths.workspace(id) + rest;
  return (
    <>
      <div className="kh-ws-head">
        <p className="kh-ws-head__title">
          <Link href={paths.actions(id)}>{ws.title}</Link>
          {ws.period && <span className="kh-ws-head__period"> · {ws.period}</span>}
          {ws.archived && <span className="kh-ws-head__period"> · {t('ws.archived')}</span>}
        </p>
        {ws.my_role && <p className="kh-ws-head__role">{t('ws.yourRole', { role: t(`role.${ws.my_role}`) })}</p>}
      </div>
      <nav aria-label={t('ws.tabs')} className="kh-tabs">
        <ul>
          {tabs
            .filter((tab) => !tab.regisseurOnly || ws.my_role === 'regisseur')
            .map((tab) => {
              const current = path === tab.prefix(id) || path.startsWith(tab.prefix(id) + '/');
              return (
                <li key={tab.key}>
                  <Link href={tab.href(id)} aria-current={current ? 'page' : undefined} className="kh-tabs__link">
                    {t(tab.key)}
                  </Link>
                </li>
              );
            })}
        </ul>
      </nav>
      {gone ? <Paragraph>{t('ws.gone')}</Paragraph> : <WorkspaceRoute id={id} rest={rest} />}
    </>
  );
}

function WorkspaceRoute({ id, rest }: { id: number; rest: string }) {
  const r = rest || '/acties';
  if (r === '/acties') return <ActionsTable />;
  if (r === '/bord') return <Board />;
  if (r === '/doelen') return <Goals />;
  if (r === '/activiteit') return <Activity />;
  if (r === '/leden') return <Members />;
  if (r === '/overleggen') return <MeetingsTab />;
  if (r === '/overleggen/nieuw') return <PlanMeeting />;
  if (r === '/acties/nieuw') return <ActionForm key="new" />;
  let m = match('/acties/:action', r);
  if (m && /^\d+$/.test(m.action!)) return <ActionDetail key={m.action} actionID={Number(m.action)} />;
  m = match('/acties/:action/bewerken', r);
  if (m && /^\d+$/.test(m.action!)) return <ActionForm key={'edit' + m.action} actionID={Number(m.action)} />;
  void id;
  return <NotFound />;
}
