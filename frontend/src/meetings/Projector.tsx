// Projector mode: the live board for a wall screen. It shows the room view
// (only what every organisation present may see), full screen, in large
// type, read-only; the one control is leaving (Escape).
import { useEffect, useRef } from 'react';
import { Paragraph } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';
import { navigate, paths } from '../router';
import { ConnectionIndicator } from '../ui/ConnectionIndicator';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useSession } from '../session';
import { RoomScreen } from './RoomScreen';
import { useRoomView } from './useRoomView';
import type { LiveMeeting } from './useLiveMeeting';

export function Projector({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const { realtime } = useSession();
  const m = live.meeting!;
  const room = useRoomView(live);
  const root = useRef<HTMLDivElement>(null);
  const leave = () => {
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    navigate(paths.meetingLive(m.id));
  };

  useEffect(() => {
    document.title = `${t('projector.label', { title: m.title })} – ${t('app.name')}`;
  }, [m.title, t]);

  // Escape leaves, as does leaving the browser's full screen (which the
  // browser itself ends on Escape before the page sees the key).
  useEffect(() => {
    root.current?.focus();
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
  }, [m.id, !!room.data]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!room.data) return <><ErrorAlert error={room.error} onRetry={room.reload} />{!room.error && <Paragraph>{t('app.loading')}</Paragraph>}</>;
  return (
    <RoomScreen
      room={room.data}
      rootRef={root}
      label={t('projector.label', { title: m.title })}
      status={
        <>
          <ConnectionIndicator realtime={realtime} />
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={leave}>
            {t('projector.leave')}
          </button>
        </>
      }
    />
  );
}
