import { Paragraph } from '@utrecht/component-library-react';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { orgName, userName, useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { describeEvent } from './events';

/** How many of the latest events the timeline shows. */
const window = 200;

/** Activity is the workspace's event log as a timeline, newest first (regisseurs only). */
export function Activity() {
  const s = useSession();
  const { t } = useI18n();
  const { workspace: ws, ticks } = useWorkspace();
  const allowed = ws.my_role === 'regisseur';
  const events = useLoad(
    async () => (allowed ? s.api.events(ws.id, Math.max(0, ws.last_seq - window), 1000) : []),
    [ws.id, ticks.any, allowed],
  );
  const items = [...(events.data ?? [])].reverse();
  return (
    <>
      <PageTitle>{`${t('activity.title')}: ${ws.title}`}</PageTitle>
      {!allowed && <Paragraph>{t('activity.onlyRegisseur')}</Paragraph>}
      <ErrorAlert error={events.error} onRetry={events.reload} />
      {allowed && events.data?.length === 0 && <Paragraph>{t('activity.none')}</Paragraph>}
      <ol className="kh-timeline">
        {items.map((ev) => (
          <li key={ev.id} className="kh-timeline__item">
            <time dateTime={ev.created_at} className="kh-timeline__time">{formatDateTime(ev.created_at)}</time>
            <span>
              <strong>{t('activity.by', { actor: userName(s, ev.actor_user_id), organisation: orgName(s, ev.actor_organisation_id) })}</strong>{' '}
              {describeEvent(t, ev, (id) => orgName(s, id))}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
