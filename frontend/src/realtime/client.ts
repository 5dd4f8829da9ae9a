// RealtimeClient follows topics of the hub over one websocket per tab
// (docs/realtime.md): it subscribes with the last sequence number it has,
// hands replayed and live events to the topic's handlers, reconnects with
// exponential backoff and jitter after a drop, and resumes every topic from
// its last sequence number, so that nothing is missed or applied twice.
import type { HubEvent } from '../api/types';
import {
  CloseSessionEnded, CloseTooMany, parseServerMessage, type ClientMessage, type PresenceUser, type ServerMessage,
} from './protocol';

/** What the connection is doing, for the indicator on every page. */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; attempt: number; retryAt: number }
  | { kind: 'offline' }
  | { kind: 'signed_out' }
  | { kind: 'closed' };

/** TopicHandlers receive what happens in one topic. */
export interface TopicHandlers {
  /** An event the viewer may see, in sequence order, each once. */
  event(ev: HubEvent): void;
  /** An item the viewer could see is no longer visible to them. */
  removed?(subject: string, subjectID: number, seq: number): void;
  /** The client is up to date (after a replay, or while idle). */
  position?(seq: number): void;
  /**
   * The subscription could not resume: reload the topic's state from the
   * REST API and resolve with the sequence number it is current to.
   */
  resync(): Promise<number | undefined>;
  /** The server ended the subscription (membership_removed, not_found). */
  ended?(reason: string): void;
  /** Meeting topics: everyone looking at the meeting now, the whole list each time. */
  presence?(users: PresenceUser[]): void;
}

/** SocketLike is the part of the browser's WebSocket the client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Timers are the clock the client runs on (the browser's by default). */
export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Network tells whether the browser believes it is online, and when that changes. */
export interface Network {
  online(): boolean;
  watch(onOnline: () => void, onOffline: () => void): () => void;
}

export interface RealtimeOptions {
  url: string;
  socket?: (url: string) => SocketLike;
  timers?: Timers;
  network?: Network;
  random?: () => number;
  /** First reconnect delay, doubled per failed attempt up to maxDelay (ms). */
  minDelay?: number;
  maxDelay?: number;
  /** How often the client pings; twice this without any message means the connection is dead (ms). */
  pingInterval?: number;
}

const OPEN = 1;

interface Topic {
  handlers: TopicHandlers;
  /** The resume point: the highest seq received; undefined before the first subscribed. */
  seq: number | undefined;
  /** Waiting for the app to reload after resync; no subscribe is sent meanwhile. */
  resyncing: boolean;
}

/** backoff returns the delay before reconnect attempt n (0-based): exponential with equal jitter. */
export function backoff(attempt: number, minDelay: number, maxDelay: number, random: () => number): number {
  const exp = Math.min(maxDelay, minDelay * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class RealtimeClient {
  private readonly opts: Required<Omit<RealtimeOptions, 'network'>> & { network: Network | undefined };
  private readonly topics = new Map<string, Topic>();
  private readonly listeners = new Set<(s: ConnectionState) => void>();
  private socket: SocketLike | null = null;
  private current: ConnectionState = { kind: 'connecting' };
  private attempt = 0;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private lastHeard = 0;
  private stopped = false;
  private unwatch: (() => void) | null = null;

  constructor(opts: RealtimeOptions) {
    this.opts = {
      url: opts.url,
      socket: opts.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      timers: opts.timers ?? {
        now: () => Date.now(),
        setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
        clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
      },
      network: opts.network,
      random: opts.random ?? Math.random,
      minDelay: opts.minDelay ?? 500,
      maxDelay: opts.maxDelay ?? 30_000,
      pingInterval: opts.pingInterval ?? 20_000,
    };
  }

  /** start opens the connection; call it once. */
  start(): void {
    const net = this.opts.network;
    if (net) this.unwatch = net.watch(() => this.wentOnline(), () => this.wentOffline());
    if (net && !net.online()) {
      this.setState({ kind: 'offline' });
      return;
    }
    this.connect();
  }

  /** stop closes the connection for good. */
  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    s?.close(1000, 'client closed');
    this.setState({ kind: 'closed' });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** onState calls fn on every change of the connection state; it returns the unsubscribe. */
  onState(fn: (s: ConnectionState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * subscribe follows topic from since (the sequence number the caller's
   * state is current to; undefined: from now). One subscriber per topic: a
   * second replaces the first. It returns the unsubscribe.
   */
  subscribe(topic: string, since: number | undefined, handlers: TopicHandlers): () => void {
    const t: Topic = { handlers, seq: since, resyncing: false };
    // The server refuses a second subscribe to a topic; end the first.
    if (this.topics.has(topic)) this.send({ type: 'unsubscribe', topic });
    this.topics.set(topic, t);
    this.sendSubscribe(topic, t);
    return () => {
      if (this.topics.get(topic) !== t) return;
      this.topics.delete(topic);
      this.send({ type: 'unsubscribe', topic });
    };
  }

  /** seqOf is the resume point of a topic (for tests and diagnostics). */
  seqOf(topic: string): number | undefined {
    return this.topics.get(topic)?.seq;
  }

  private connect(): void {
    if (this.stopped) return;
    this.clearTimers();
    if (this.current.kind !== 'reconnecting') this.setState({ kind: 'connecting' });
    let s: SocketLike;
    try {
      s = this.opts.socket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = s;
    s.onopen = () => {
      if (this.socket !== s) return;
      this.lastHeard = this.opts.timers.now();
      this.setState({ kind: 'live' });
      for (const [name, t] of this.topics) this.sendSubscribe(name, t);
      this.schedulePing();
    };
    s.onmessage = (ev) => {
      if (this.socket !== s) return;
      this.lastHeard = this.opts.timers.now();
      this.attempt = 0; // the connection works: the next drop starts the backoff afresh
      const m = parseServerMessage(ev.data);
      if (m) this.handle(m);
    };
    s.onerror = () => {
      // A close always follows; the reconnect happens there.
    };
    s.onclose = (ev) => {
      if (this.socket !== s) return;
      this.socket = null;
      this.closed(ev.code);
    };
  }

  private closed(code: number): void {
    this.clearTimers();
    if (this.stopped) return;
    if (code === CloseSessionEnded) {
      this.setState({ kind: 'signed_out' });
      return;
    }
    if (this.opts.network && !this.opts.network.online()) {
      this.setState({ kind: 'offline' });
      return;
    }
    this.scheduleReconnect(code === CloseTooMany ? this.opts.maxDelay / 2 : 0);
  }

  private scheduleReconnect(atLeast = 0): void {
    const delay = Math.max(atLeast, backoff(this.attempt, this.opts.minDelay, this.opts.maxDelay, this.opts.random));
    this.attempt++;
    this.setState({ kind: 'reconnecting', attempt: this.attempt, retryAt: this.opts.timers.now() + delay });
    this.retryTimer = this.opts.timers.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private schedulePing(): void {
    const every = this.opts.pingInterval;
    this.pingTimer = this.opts.timers.setTimeout(() => {
      this.pingTimer = null;
      const s = this.socket;
      if (!s || s.readyState !== OPEN) return;
      if (this.opts.timers.now() - this.lastHeard > 2 * every) {
        // Nothing heard for two intervals: the peer or the path is gone,
        // even if the browser has not noticed. Drop it and reconnect.
        this.socket = null;
        s.close(4000, 'no answer');
        this.closed(1006);
        return;
      }
      this.send({ type: 'ping' });
      this.schedulePing();
    }, every);
  }

  private wentOnline(): void {
    if (this.stopped || this.socket) return;
    if (this.current.kind === 'offline' || this.current.kind === 'reconnecting') {
      this.attempt = 0;
      this.connect();
    }
  }

  private wentOffline(): void {
    if (this.stopped) return;
    const s = this.socket;
    this.socket = null;
    this.clearTimers();
    s?.close(1000, 'offline');
    this.setState({ kind: 'offline' });
  }

  private handle(m: ServerMessage): void {
    if (m.type === 'pong') return;
    if (m.type === 'error') {
      this.handleError(m);
      return;
    }
    const t = this.topics.get(m.topic);
    if (!t) return; // a topic given up on; its messages may still be under way
    switch (m.type) {
      case 'subscribed':
        if (t.seq === undefined || m.seq > t.seq) t.seq = m.seq;
        return;
      case 'event':
        if (t.seq !== undefined && m.seq <= t.seq) return; // already applied
        t.seq = m.seq;
        t.handlers.event(m.event);
        return;
      case 'removed':
        if (t.seq !== undefined && m.seq <= t.seq) return;
        t.seq = m.seq;
        t.handlers.removed?.(m.subject, m.subject_id, m.seq);
        return;
      case 'position':
        if (t.seq === undefined || m.seq > t.seq) t.seq = m.seq;
        t.handlers.position?.(m.seq);
        return;
      case 'resync':
        this.resync(m.topic, t);
        return;
      case 'presence':
        t.handlers.presence?.(m.users);
        return;
      case 'unsubscribed':
        if (m.reason === 'requested') return;
        this.topics.delete(m.topic);
        t.handlers.ended?.(m.reason);
        return;
    }
  }

  private handleError(m: Extract<ServerMessage, { type: 'error' }>): void {
    const t = m.topic ? this.topics.get(m.topic) : undefined;
    if (!m.topic || !t) return;
    if (m.code === 'unavailable') {
      // The server could not start the subscription now: ask again later.
      this.opts.timers.setTimeout(() => {
        if (this.topics.get(m.topic!) === t) this.sendSubscribe(m.topic!, t);
      }, backoff(1, this.opts.minDelay, this.opts.maxDelay, this.opts.random));
      return;
    }
    if (m.code === 'not_found' || m.code === 'limit') {
      this.topics.delete(m.topic);
      t.handlers.ended?.(m.code);
    }
    // invalid: a message of ours the server did not take; the subscription,
    // if it runs, runs on.
  }

  private resync(topic: string, t: Topic): void {
    t.resyncing = true;
    t.seq = undefined;
    t.handlers.resync().then(
      (seq) => {
        if (this.topics.get(topic) !== t) return;
        t.resyncing = false;
        t.seq = seq;
        this.sendSubscribe(topic, t);
      },
      () => {
        // The reload failed (the hub is unreachable, say): try the whole
        // resync again after a pause.
        this.opts.timers.setTimeout(() => {
          if (this.topics.get(topic) === t) this.resync(topic, t);
        }, backoff(2, this.opts.minDelay, this.opts.maxDelay, this.opts.random));
      },
    );
  }

  private sendSubscribe(topic: string, t: Topic): void {
    if (t.resyncing) return;
    this.send(t.seq === undefined ? { type: 'subscribe', topic } : { type: 'subscribe', topic, since: t.seq });
  }

  private send(m: ClientMessage): void {
    const s = this.socket;
    if (s && s.readyState === OPEN) s.send(JSON.stringify(m));
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.opts.timers.clearTimeout(this.retryTimer);
    if (this.pingTimer !== null) this.opts.timers.clearTimeout(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
  }

  private setState(s: ConnectionState): void {
    this.current = s;
    for (const fn of [...this.listeners]) fn(s);
  }
}

/** browserNetwork watches the browser's online and offline events. */
export const browserNetwork: Network = {
  online: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  watch(onOnline, onOffline) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  },
};

/** socketURL is the hub's websocket address for the page's origin. */
export function socketURL(loc: { protocol: string; host: string }): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/ws`;
}
