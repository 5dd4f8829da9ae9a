// Projector mode: the live board for a wall screen. Full screen, large type
// readable across a room, read-only; the one control is leaving (Escape).
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { navigate, paths } from '../router';
import { ConnectionIndicator } from '../ui/ConnectionIndicator';
import { useSession } from '../session';
import { AllDecisions, boardOf, Timer, useLinkedActions } from './LiveBoard';
import { useItemTitle } from './MeetingPrep';
import type { LiveMeeting } from './useLiveMeeting';

export function Projector({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const { realtime } = useSession();
  const title = useItemTitle();
  const m = live.meeting!;
  const b = boardOf(live);
  const actions = useLinkedActions(live.decisions);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t('projector.label', { title: m.title })} – ${t('app.name')}`;
  }, [m.title, t]);

  // Escape leaves, as does leaving the browser's full screen (which the
  // browser itself ends on Escape before the page sees the key).
  useEffect(() => {
    root.current?.focus();
    const leave = () => {
      if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
      navigate(paths.meetingLive(m.id));
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        leave();
      }
    };
    let wasFull = !!document.fullscreenElement;
    const full = () => {
      if (wasFull && !document.fullscreenElement) navigate(paths.meetingLive(m.id));
      wasFull = !!document.fullscreenElement;
    };
    window.addEventListener('keydown', key);
    document.addEventListener('fullscreenchange', full);
    return () => {
      window.removeEventListener('keydown', key);
      document.removeEventListener('fullscreenchange', full);
    };
  }, [m.id]);

  return (
    <div ref={root} className="kh-projector" tabIndex={-1} role="region" aria-label={t('projector.label', { title: m.title })}>
      <header className="kh-projector__top">
        <h1 className="kh-projector__meeting">{m.title}</h1>
        <div className="kh-projector__status">
          <ConnectionIndicator realtime={realtime} />
          <button
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            onClick={() => {
              if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
              navigate(paths.meetingLive(m.id));
            }}
          >
            {t('projector.leave')}
          </button>
        </div>
      </header>
      <div className="kh-projector__grid">
        <section className="kh-projector__current" aria-labelledby="pj-current" data-testid="current-item">
          <h2 id="pj-current" className="kh-projector__heading">{t('live.current')}</h2>
          {b.current ? (
            <>
              <p className="kh-projector__of">{t('live.itemOf', { n: b.index + 1, count: b.items.length })}</p>
              <p className="kh-projector__title" data-testid="current-title">{title(b.current)}</p>
              <Timer meeting={m} planned={b.current.hidden ? 0 : b.current.minutes_planned} className="kh-projector__timer" />
            </>
          ) : (
            <p className="kh-projector__title">{m.state === 'live' ? t('live.noCurrent') : t('live.notLive', { state: t(`meeting.state.${m.state}`) })}</p>
          )}
        </section>
        <section className="kh-projector__agenda" aria-labelledby="pj-agenda">
          <h2 id="pj-agenda" className="kh-projector__heading">{t('live.agenda')}</h2>
          <ol>
            {b.items.map((it) => (
              <li key={it.id} aria-current={it.id === m.current_item_id ? 'step' : undefined} className={it.id === m.current_item_id ? 'kh-projector__now' : undefined}>
                {title(it)}
              </li>
            ))}
          </ol>
        </section>
        <div className="kh-projector__decisions">
          <AllDecisions live={live} items={b.items} actions={actions} big />
        </div>
      </div>
    </div>
  );
}
