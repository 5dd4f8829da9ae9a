// The room view on a wall: what the projector and a room's screen show.
// Only what every organisation present may see (the server decides, by the
// room rule); hidden items are "Besloten agendapunt". Large type, read-only,
// and no session needed, so the paired display can use it too.
import type { ReactNode, Ref } from 'react';
import type { RoomItem, RoomView } from '../api/room';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { ActionStatusBadge } from '../ui/StatusBadge';
import { Timer } from './LiveBoard';

/** useRoomTitle is an item's title as the room sees it. */
export function useRoomTitle(): (it: RoomItem | undefined) => string {
  const { t } = useI18n();
  return (it) => (!it ? '' : it.hidden ? t('agenda.hidden') : it.title ?? '');
}

export function RoomScreen({ room, label, status, rootRef }: { room: RoomView; label: string; status?: ReactNode; rootRef?: Ref<HTMLDivElement> }) {
  const { t } = useI18n();
  const title = useRoomTitle();
  const m = room.meeting;
  const current = room.items.find((it) => it.current);
  return (
    <div ref={rootRef} className="kh-projector" tabIndex={-1} role="region" aria-label={label} data-testid="room-view">
      <header className="kh-projector__top">
        <h1 className="kh-projector__meeting">{m.title}</h1>
        <div className="kh-projector__status">{status}</div>
      </header>
      {!room.attendance_recorded && <p className="kh-room__note" data-testid="no-attendance">{t('room.noAttendance')}</p>}
      <div className="kh-projector__grid">
        <section className="kh-projector__current" aria-labelledby="pj-current" data-testid="current-item">
          <h2 id="pj-current" className="kh-projector__heading">{t('live.current')}</h2>
          {current ? (
            <>
              <p className="kh-projector__of">{t('room.itemOf', { n: current.number, count: room.items.length })}</p>
              <p className="kh-projector__title" data-testid="current-title">{title(current)}</p>
              <Timer meeting={m} planned={current.minutes_planned ?? 0} className="kh-projector__timer" />
            </>
          ) : (
            <p className="kh-projector__title">{m.state === 'live' ? t('live.noCurrent') : t('live.notLive', { state: t(`meeting.state.${m.state}`) })}</p>
          )}
        </section>
        <section className="kh-projector__agenda" aria-labelledby="pj-agenda">
          <h2 id="pj-agenda" className="kh-projector__heading">{t('live.agenda')}</h2>
          <ol data-testid="room-agenda">
            {room.items.map((it) => (
              <li
                key={it.number}
                aria-current={it.current ? 'step' : undefined}
                className={[it.current ? 'kh-projector__now' : '', it.hidden ? 'kh-room__hidden' : ''].filter(Boolean).join(' ') || undefined}
              >
                {title(it)}
              </li>
            ))}
          </ol>
        </section>
        <section className="kh-projector__decisions kh-live__all" aria-labelledby="pj-decisions">
          <h2 id="pj-decisions" className="kh-projector__heading">{t('live.allDecisions')}</h2>
          {room.decisions.length === 0 && <p>{t('live.noneYet')}</p>}
          <ol className="kh-decisions" data-testid="all-decisions">
            {room.decisions.map((d, i) => (
              <li key={i} className="kh-decision">
                <p className="kh-muted">{t('room.onItem', { n: d.item_number })} · <time dateTime={d.decided_at}>{formatDateTime(d.decided_at)}</time></p>
                <p className="kh-decision__text">{d.text}</p>
                <ul className="kh-plain-list">
                  {d.actions.map((a, j) => (
                    <li key={j} className="kh-live__action"><strong>{a.title}</strong> <ActionStatusBadge status={a.status} /></li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      </div>
      <p className="kh-room__note kh-room__note--end">{t('room.roomNote')}</p>
    </div>
  );
}
