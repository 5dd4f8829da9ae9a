// Live data: each workspace page follows its workspace's topic through the
// realtime client. Every event bumps a counter per subject (action, goal,
// comment, membership, workspace); screens reload what they show when the
// counter they depend on moves, so they stay exactly as the server filters,
// sorts and permits, and the reload lands well within a second.
import {
  createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode,
} from 'react';
import { ApiError } from './api/client';
import type { HubEvent, Membership, Workspace } from './api/types';
import { workspaceTopic } from './realtime/protocol';
import { useSession } from './session';

/** Subjects whose changes screens follow; "any" moves on every event. */
export type Subject = 'action' | 'goal' | 'comment' | 'membership' | 'workspace' | 'any';
export type Ticks = Record<Subject, number>;

const noTicks: Ticks = { action: 0, goal: 0, comment: 0, membership: 0, workspace: 0, any: 0 };

export interface LiveWorkspace {
  workspace: Workspace;
  members: Membership[];
  ticks: Ticks;
  /** Events received live since the page opened, oldest first. */
  recent: HubEvent[];
  /** The viewer's organisation left the workspace (or may no longer see it). */
  gone: boolean;
  reload(): void;
}

const WorkspaceContext = createContext<LiveWorkspace | null>(null);

export function useWorkspace(): LiveWorkspace {
  const w = useContext(WorkspaceContext);
  if (!w) throw new Error('useWorkspace outside a workspace page');
  return w;
}

/** Load is the state of one loaded value. */
export interface Load<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * useLoad runs load when deps change and keeps the last value meanwhile, so
 * that a live reload never blanks the screen. Out-of-date answers are dropped.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Load<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [again, setAgain] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (err: unknown) =>
        mine === seq.current &&
        setState((s) => ({ data: s.data, error: err instanceof ApiError ? err : new ApiError(0, { code: 'network' }), loading: false })),
    );
    // load is a new closure on every render; deps say when it means something new.
  }, [...deps, again]);
  const reload = useCallback(() => setAgain((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** subjectOf maps an event's subject to the counter it moves. */
function subjectOf(subject: string): Subject | null {
  switch (subject) {
    case 'action':
    case 'goal':
    case 'comment':
    case 'membership':
    case 'workspace':
      return subject;
    default:
      return null;
  }
}

/** WorkspaceProvider loads a workspace and follows its topic while mounted. */
export function WorkspaceProvider({ id, children, fallback }: { id: number; children: ReactNode; fallback: (err: ApiError | undefined) => ReactNode }) {
  const { api, realtime } = useSession();
  const [ws, setWs] = useState<Workspace>();
  const [members, setMembers] = useState<Membership[]>([]);
  const [error, setError] = useState<ApiError>();
  const [ticks, setTicks] = useState<Ticks>(noTicks);
  const [recent, setRecent] = useState<HubEvent[]>([]);
  const [gone, setGone] = useState(false);
  const pending = useRef<Set<Subject>>(new Set());
  const flushTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const loadAll = useCallback(async () => {
    const [w, m] = await Promise.all([api.workspace(id), api.members(id)]);
    setWs(w);
    setMembers(m);
    return w;
  }, [api, id]);

  // Bumps are gathered for a moment, so that a burst of events (a replay
  // after a reconnect) causes one reload, not one per event.
  const bump = useCallback((s: Subject) => {
    pending.current.add(s);
    if (flushTimer.current !== undefined) return;
    flushTimer.current = setTimeout(() => {
      flushTimer.current = undefined;
      const subjects = [...pending.current];
      pending.current.clear();
      setTicks((t) => {
        const next = { ...t, any: t.any + 1 };
        for (const s of subjects) next[s] = t[s] + 1;
        return next;
      });
    }, 60);
  }, []);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    setWs(undefined);
    setError(undefined);
    setGone(false);
    setRecent([]);
    loadAll().then(
      (w) => {
        if (cancelled) return;
        stop = realtime.subscribe(workspaceTopic(id), w.last_seq, {
          event(ev) {
            setRecent((r) => [...r.slice(-199), ev]);
            const s = subjectOf(ev.subject);
            if (s === 'membership' || s === 'workspace') void loadAll().catch(() => {});
            bump(s ?? 'any');
          },
          removed(subject) {
            bump(subjectOf(subject) ?? 'any');
          },
          async resync() {
            const w2 = await loadAll();
            for (const s of Object.keys(noTicks) as Subject[]) bump(s);
            return w2.last_seq;
          },
          ended() {
            // The hub no longer sends this workspace's items. An
            // organisatiebeheerder who does not take part still sees its
            // title and members (to manage admission): only when the
            // workspace itself is absent is it gone.
            loadAll().then(
              () => {},
              (err: unknown) => !cancelled && (!(err instanceof ApiError) || err.status === 404) && setGone(true),
            );
          },
        });
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError ? err : new ApiError(0, { code: 'network' })),
    );
    return () => {
      cancelled = true;
      stop?.();
      if (flushTimer.current !== undefined) clearTimeout(flushTimer.current);
      flushTimer.current = undefined;
    };
  }, [id, loadAll, realtime, bump]);

  const value = useMemo<LiveWorkspace | null>(
    () => (ws ? { workspace: ws, members, ticks, recent, gone, reload: () => void loadAll().catch(() => {}) } : null),
    [ws, members, ticks, recent, gone, loadAll],
  );
  if (!value) return <>{fallback(error)}</>;
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}
