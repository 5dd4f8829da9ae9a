import { useEffect, useRef, useState } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { Api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { idlePhase, nextCheck, secondsLeft } from '../idle';

const timeFormat = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit' });

/**
 * IdleWarning warns a minute before the session's idle timeout: an open
 * page or websocket does not keep the session alive, only requests do.
 * "Doorgaan" (or Escape) makes one, which extends the session and closes
 * the warning. Once the deadline has passed it says the session has
 * probably ended; the hub then closes the websocket (4001) and the app
 * asks to sign in again.
 */
export function IdleWarning({ api, onSignOut }: { api: Api; onSignOut(): void }) {
  const [deadline, setDeadline] = useState(api.sessionDeadline);
  const [now, setNow] = useState(Date.now);
  useEffect(() => api.onSessionDeadline((d) => { setDeadline(d); setNow(Date.now()); }), [api]);
  useEffect(() => {
    if (deadline === undefined) return;
    const wait = nextCheck(deadline, Date.now());
    if (wait === Infinity) return;
    const id = setTimeout(() => setNow(Date.now()), Math.max(0, wait));
    return () => clearTimeout(id);
  }, [deadline, now]);
  if (deadline === undefined) return null;
  const phase = idlePhase(deadline, now);
  if (phase === 'quiet') return null;
  return <IdleDialog api={api} deadline={deadline} now={now} ended={phase === 'ended'} onSignOut={onSignOut} />;
}

function IdleDialog({ api, deadline, now, ended, onSignOut }: {
  api: Api;
  deadline: number;
  now: number;
  ended: boolean;
  onSignOut(): void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const proceed = async () => {
    setBusy(true);
    setFailed(false);
    try {
      await api.me(); // a request: the hub records activity and answers the new deadline
    } catch {
      // A 401 signs the app out (Api's onUnauthorized); anything else is worth a retry.
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      className="kh-dialog"
      aria-labelledby="kh-idle-title"
      aria-describedby="kh-idle-body"
      onCancel={(e) => { e.preventDefault(); void proceed(); }}
    >
      <Heading2 id="kh-idle-title">{ended ? t('idle.endedTitle') : t('idle.title')}</Heading2>
      <Paragraph id="kh-idle-body">
        {ended ? t('idle.ended') : t('idle.body', { time: timeFormat.format(deadline), seconds: secondsLeft(deadline, now) })}
      </Paragraph>
      {failed && <Paragraph role="alert">{t('idle.failed')}</Paragraph>}
      <div className="kh-buttons">
        <button type="button" className="utrecht-button utrecht-button--primary-action" disabled={busy} onClick={() => void proceed()}>
          {t('idle.continue')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onSignOut}>
          {t('app.signOut')}
        </button>
      </div>
    </dialog>
  );
}
