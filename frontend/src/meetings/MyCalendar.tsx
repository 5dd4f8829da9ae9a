// The overview's meeting sections: the upcoming meetings of the user's
// workspaces, and "Mijn agenda", the personal calendar feed (ICS) whose
// address is shown once, with a copy button, and can be revoked.
import { useRef, useState } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { useLoad } from '../live';
import { Link, paths } from '../router';
import { useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { asApiError, MeetingStateBadge, useMeetingsApi } from './common';

/** UpcomingMeetings lists the meetings from today on, soonest first; tick moves on the overview's live events. */
export function UpcomingMeetings({ tick }: { tick: number }) {
  const { t } = useI18n();
  const s = useSession();
  const mapi = useMeetingsApi();
  const [from] = useState(() => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d.toISOString();
  });
  const list = useLoad(() => mapi.myMeetings({ from, limit: 10 }), [from, tick]);
  const titles = new Map(s.me.memberships.map((m) => [m.workspace_id, m.workspace_title]));
  const items = (list.data ?? []).filter((m) => m.state !== 'gearchiveerd');
  return (
    <section aria-labelledby="ov-meetings">
      <Heading2 id="ov-meetings">{t('meetings.upcoming')}</Heading2>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && items.length === 0 && <Paragraph>{t('meetings.noUpcoming')}</Paragraph>}
      <ul className="kh-plain-list">
        {items.map((m) => (
          <li key={m.id}>
            <Link href={paths.meeting(m.id)}>{m.title}</Link>{' '}
            <span className="kh-muted">
              <time dateTime={m.starts_at}>{formatDateTime(m.starts_at)}</time> · {titles.get(m.workspace_id) ?? ''}
            </span>{' '}
            <MeetingStateBadge state={m.state} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** MyCalendar makes or revokes the personal calendar feed. */
export function MyCalendar() {
  const { t } = useI18n();
  const mapi = useMeetingsApi();
  const [url, setURL] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const act = async (what: 'create' | 'revoke') => {
    setBusy(true);
    setNote('');
    try {
      if (what === 'create') {
        const feed = await mapi.createFeed();
        setURL(feed.url || new URL(feed.path, location.href).href);
        setTimeout(() => field.current?.select(), 0);
      } else {
        await mapi.revokeFeed();
        setURL('');
        setNote(t('cal.revoked'));
      }
      setError(undefined);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Without clipboard access (an insecure origin), select it for Ctrl+C.
      field.current?.select();
      document.execCommand?.('copy');
    }
    setNote(t('cal.copied'));
  };
  return (
    <section aria-labelledby="ov-calendar">
      <Heading2 id="ov-calendar">{t('cal.heading')}</Heading2>
      <Paragraph>{t('cal.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {url && (
        <div className="kh-form">
          <div className="utrecht-form-field">
            <label htmlFor="cal-url" className="utrecht-form-label">{t('cal.url')}</label>
            <p id="cal-once" className="utrecht-form-field-description">{t('cal.once')}</p>
            <input id="cal-url" ref={field} type="text" readOnly className="utrecht-textbox utrecht-textbox--html-input" aria-describedby="cal-once" value={url} />
          </div>
          <div className="kh-buttons">
            <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={() => void copy()}>{t('cal.copy')}</button>
          </div>
        </div>
      )}
      <p role="status" className="kh-done">{note}</p>
      <div className="kh-buttons">
        <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy} onClick={() => void act('create')}>
          {t(url ? 'cal.recreate' : 'cal.create')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy} onClick={() => void act('revoke')}>
          {t('cal.revoke')}
        </button>
      </div>
    </section>
  );
}
