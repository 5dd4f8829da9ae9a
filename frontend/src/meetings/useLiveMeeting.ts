// Live meeting data: the meeting, its agenda and its decisions, reloaded
// from the REST API whenever the meeting's topic carries an event, plus who
// is watching (presence). The topic replays what was missed after a drop,
// so a board that lost its connection catches up by itself.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import type { AgendaItem, Decision, Meeting } from '../api/meetings';
import type { ID } from '../api/types';
import { meetingTopic, type PresenceUser } from '../realtime/protocol';
import { useSession } from '../session';
import { asApiError, useMeetingsApi } from './common';
import { allParts, partsOf, type Part } from './plan';

export interface LiveMeeting {
  meeting: Meeting | undefined;
  agenda: AgendaItem[];
  decisions: Decision[];
  presence: PresenceUser[];
  error: ApiError | undefined;
  /** The meeting is gone for the viewer (not found, or membership ended). */
  gone: boolean;
  /** Meeting, agenda and decisions have all been loaded once. */
  ready: boolean;
  reload(): void;
  /** Take an answer of a write at once, before its event arrives. */
  setMeeting(m: Meeting): void;
  setAgenda(items: AgendaItem[]): void;
}

/** useLiveMeeting follows meeting id of workspace wsID while mounted. */
export function useLiveMeeting(id: ID, wsID: ID): LiveMeeting {
  const { api, realtime } = useSession();
  const mapi = useMeetingsApi();
  const [meeting, setMeeting] = useState<Meeting>();
  const [agenda, setAgenda] = useState<AgendaItem[]>([]);
  const [decisions, setDecisions] = useState<Decision[]>([]);
  const [presence, setPresence] = useState<PresenceUser[]>([]);
  const [error, setError] = useState<ApiError>();
  const [gone, setGone] = useState(false);
  const [ready, setReady] = useState(false);
  const loads = useRef({ meeting: 0, agenda: 0, decisions: 0 });
  // A write's answer and a reload may cross: keep the newest version.
  const takeMeeting = useCallback((m: Meeting) => setMeeting((old) => (old && old.id === m.id && old.version > m.version ? old : m)), []);

  // part reloads one part; answers of an older load of it are dropped.
  const part = useCallback(async (which: Part): Promise<void> => {
    const mine = ++loads.current[which];
    const fresh = () => mine === loads.current[which];
    if (which === 'meeting') {
      const m = await mapi.meeting(id);
      if (fresh()) takeMeeting(m);
    } else if (which === 'agenda') {
      const items = await mapi.agenda(id);
      if (fresh()) setAgenda(items);
    } else {
      const ds = await mapi.decisions(id);
      if (fresh()) setDecisions(ds);
    }
  }, [mapi, id, takeMeeting]);

  // load reads the workspace's sequence number first and the meeting after,
  // so that subscribing from that number can only replay too much, never
  // miss a change.
  const load = useCallback(async (): Promise<number> => {
    const { last_seq } = await api.workspace(wsID);
    await Promise.all(allParts.map(part));
    setError(undefined);
    setReady(true);
    return last_seq;
  }, [api, wsID, part]);

  const failed = useCallback((e: unknown) => {
    const err = asApiError(e);
    if (err.status === 404) setGone(true);
    setError(err);
  }, []);

  useEffect(() => {
    let cancelled = false;
    let stop: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pending = new Set<Part>();
    // Each event reloads only the part it is about; a burst of events (a
    // replay after a reconnect) causes one reload of each part.
    const bump = (parts: readonly Part[]) => {
      parts.forEach((x) => pending.add(x));
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        const todo = [...pending];
        pending.clear();
        if (!cancelled) Promise.all(todo.map(part)).then(() => setError(undefined), failed);
      }, 30);
    };
    setGone(false);
    load().then(
      (seq) => {
        if (cancelled) return;
        stop = realtime.subscribe(meetingTopic(id), seq, {
          event: (ev) => bump(partsOf(ev.type)),
          // A removed item may be anything of the meeting's: reload all.
          removed: () => bump(allParts),
          presence: (users) => setPresence(users),
          resync: () => load(),
          ended: () => setGone(true),
        });
      },
      (e: unknown) => !cancelled && failed(e),
    );
    return () => {
      cancelled = true;
      stop?.();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [id, load, part, failed, realtime]);

  const reload = useCallback(() => void load().catch(failed), [load, failed]);
  return { meeting, agenda, decisions, presence, error, gone, ready, reload, setMeeting: takeMeeting, setAgenda };
}
