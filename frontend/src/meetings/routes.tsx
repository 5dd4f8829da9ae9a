// The meeting pages, by the meeting's id: /overleggen/:id (preparation),
// /overleggen/:id/live (the live board) and /overleggen/:id/projectie
// (projector mode); /meetings/:id[/live|/projector] lead to the same pages.
// Each runs inside its workspace's live provider, for the members, the
// viewer's role and the live status of the meeting's actions.
import { Paragraph } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';
import { useLoad, WorkspaceProvider } from '../live';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useMeetingsApi } from './common';
import { LiveBoard } from './LiveBoard';
import { MeetingPrep } from './MeetingPrep';
import { Projector } from './Projector';
import type { MeetingView } from './plan';
import { useLiveMeeting } from './useLiveMeeting';

export { meetingRoute } from './plan';

/** MeetingPage finds the meeting's workspace, then shows the view inside it. */
export function MeetingPage({ id, view }: { id: number; view: MeetingView }) {
  const { t } = useI18n();
  const mapi = useMeetingsApi();
  const first = useLoad(() => mapi.meeting(id), [id]);
  if (first.error?.status === 404) return <Paragraph>{t('meeting.gone')}</Paragraph>;
  if (!first.data) return <><ErrorAlert error={first.error} onRetry={first.reload} />{!first.error && <Paragraph>{t('app.loading')}</Paragraph>}</>;
  const ws = first.data.workspace_id;
  return (
    <WorkspaceProvider
      id={ws}
      fallback={(err) => (err ? (err.status === 404 ? <Paragraph>{t('meeting.gone')}</Paragraph> : <ErrorAlert error={err} />) : <Paragraph>{t('app.loading')}</Paragraph>)}
    >
      <MeetingScreen id={id} wsID={ws} view={view} />
    </WorkspaceProvider>
  );
}

function MeetingScreen({ id, wsID, view }: { id: number; wsID: number; view: MeetingView }) {
  const { t } = useI18n();
  const live = useLiveMeeting(id, wsID);
  if (live.gone) return <Paragraph>{t('meeting.gone')}</Paragraph>;
  if (!live.ready || !live.meeting) return <><ErrorAlert error={live.error} onRetry={live.reload} />{!live.error && <Paragraph>{t('app.loading')}</Paragraph>}</>;
  if (view === 'live') return <LiveBoard live={live} />;
  if (view === 'projector') return <Projector live={live} />;
  return <MeetingPrep live={live} />;
}
