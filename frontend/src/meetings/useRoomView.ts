// The room view of a live meeting, for the projector and the chair's
// marker of what the room does not see: read again whenever the meeting
// (its attendance, its current item), its agenda, its decisions or the
// status of actions change, as the meeting's topic reports.
import { useMemo } from 'react';
import { RoomApi, type RoomView } from '../api/room';
import { useLoad, useWorkspace, type Load } from '../live';
import { useSession } from '../session';
import type { LiveMeeting } from './useLiveMeeting';

export function useRoomView(live: LiveMeeting): Load<RoomView> {
  return useOptionalRoomView(live, true) as Load<RoomView>;
}

/** useOptionalRoomView is useRoomView that reads nothing while off (a board whose viewer does not run the meeting). */
export function useOptionalRoomView(live: LiveMeeting, on: boolean): Load<RoomView | undefined> {
  const rapi = useRoomApi();
  const { ticks } = useWorkspace();
  const id = live.meeting!.id;
  return useLoad(() => (on ? rapi.room(id) : Promise.resolve(undefined)), [on, id, live.meeting?.version, live.agenda, live.decisions, ticks.action]);
}

export function useRoomApi(): RoomApi {
  const { api } = useSession();
  return useMemo(() => new RoomApi(api), [api]);
}
