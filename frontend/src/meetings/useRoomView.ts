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
  const rapi = useRoomApi();
  const { ticks } = useWorkspace();
  const id = live.meeting!.id;
  return useLoad(() => rapi.room(id), [id, live.meeting?.version, live.agenda, live.decisions, ticks.action]);
}

export function useRoomApi(): RoomApi {
  const { api } = useSession();
  return useMemo(() => new RoomApi(api), [api]);
}
