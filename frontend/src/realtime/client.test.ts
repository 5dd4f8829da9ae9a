import { describe, expect, it } from 'vitest';
import type { HubEvent } from '../api/types';
import { backoff, RealtimeClient, type ConnectionState, type Network, type SocketLike, type Timers } from './client';

// FakeSocket stands in for the browser's WebSocket: the tests play the
// server's side of docs/realtime.md through it.
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(m: object) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

// FakeTimers is a clock the test moves by hand.
class FakeTimers implements Timers {
  t = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.queue.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.queue = this.queue.filter((q) => q.id !== h);
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const q = this.queue[0];
      if (!q || q.at > end) break;
      this.queue.shift();
      this.t = q.at;
      q.fn();
    }
    this.t = end;
  }
  pending() {
    return this.queue.length;
  }
}

class FakeNetwork implements Network {
  up = true;
  private on: (() => void) | undefined;
  private off: (() => void) | undefined;
  online() {
    return this.up;
  }
  watch(onOnline: () => void, onOffline: () => void) {
    this.on = onOnline;
    this.off = onOffline;
    return () => {};
  }
  goOffline() {
    this.up = false;
    this.off?.();
  }
  goOnline() {
    this.up = true;
    this.on?.();
  }
}

function event(seq: number, subjectID = 1): HubEvent {
  return {
    id: seq, workspace_id: 7, seq, type: 'action.updated', subject: 'action', subject_id: subjectID,
    actor_user_id: 1, actor_organisation_id: 1, payload: {}, visibility: { scope: 'workspace' }, created_at: '',
  };
}

function setup(opts: { network?: FakeNetwork; random?: () => number } = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const states: ConnectionState['kind'][] = [];
  const client = new RealtimeClient({
    url: 'ws://hub/api/ws',
    socket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers,
    network: opts.network,
    random: opts.random ?? (() => 0.5),
    minDelay: 500,
    maxDelay: 30_000,
    pingInterval: 20_000,
  });
  client.onState((s) => states.push(s.kind));
  const last = () => sockets[sockets.length - 1]!;
  return { client, sockets, timers, states, last };
}

function recorder() {
  const seen: number[] = [];
  const removed: number[] = [];
  const ended: string[] = [];
  let resyncs = 0;
  let resyncTo: number | undefined = 100;
  const handlers = {
    event: (ev: HubEvent) => seen.push(ev.seq),
    removed: (_s: string, id: number) => removed.push(id),
    resync: async () => {
      resyncs++;
      return resyncTo;
    },
    ended: (r: string) => ended.push(r),
  };
  return {
    handlers, seen, removed, ended,
    get resyncs() {
      return resyncs;
    },
    set resyncTo(v: number | undefined) {
      resyncTo = v;
    },
  };
}

describe('RealtimeClient', () => {
  it('subscribes with since once open and delivers events in order, each once', () => {
    const { client, last, states } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 41, r.handlers);
    const s = last();
    expect(s.url).toBe('ws://hub/api/ws');
    expect(s.sent).toEqual([]);
    s.open();
    expect(s.sent).toEqual([{ type: 'subscribe', topic: 'workspace:7', since: 41 }]);
    expect(states).toEqual(['connecting', 'live']);
    s.receive({ type: 'subscribed', topic: 'workspace:7', seq: 41 });
    s.receive({ type: 'event', topic: 'workspace:7', seq: 42, event: event(42) });
    s.receive({ type: 'event', topic: 'workspace:7', seq: 42, event: event(42) });
    s.receive({ type: 'event', topic: 'workspace:7', seq: 40, event: event(40) });
    s.receive({ type: 'position', topic: 'workspace:7', seq: 44 });
    s.receive({ type: 'removed', topic: 'workspace:7', seq: 45, subject: 'action', subject_id: 88 });
    s.receive({ type: 'event', topic: 'workspace:9', seq: 46, event: event(46) });
    expect(r.seen).toEqual([42]);
    expect(r.removed).toEqual([88]);
    expect(client.seqOf('workspace:7')).toBe(45);
  });

  it('reconnects after a drop and resumes every topic from its last sequence number', () => {
    const { client, last, sockets, timers, states } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 10, r.handlers);
    last().open();
    last().receive({ type: 'event', topic: 'workspace:7', seq: 12, event: event(12) });
    last().drop(4008);
    expect(states.at(-1)).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    timers.advance(375); // attempt 0: 500 ms with equal jitter at random 0.5
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', topic: 'workspace:7', since: 12 }]);
    last().receive({ type: 'subscribed', topic: 'workspace:7', seq: 12 });
    last().receive({ type: 'event', topic: 'workspace:7', seq: 13, event: event(13) });
    expect(r.seen).toEqual([12, 13]);
    expect(states.at(-1)).toBe('live');
  });

  it('backs off exponentially while the hub stays away, and starts afresh once a connection works', () => {
    const { client, last, sockets, timers } = setup({ random: () => 1 });
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = timers.now();
      last().drop();
      const n = sockets.length;
      while (sockets.length === n) timers.advance(1);
      delays.push(timers.now() - before);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    last().open();
    last().receive({ type: 'pong' });
    last().drop();
    const before = timers.now();
    const n = sockets.length;
    while (sockets.length === n) timers.advance(1);
    expect(timers.now() - before).toBe(500);
  });

  it('spreads reconnects between half and all of the exponential delay', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const exp = Math.min(30_000, 500 * 2 ** attempt);
      expect(backoff(attempt, 500, 30_000, () => 0)).toBe(exp / 2);
      expect(backoff(attempt, 500, 30_000, () => 1)).toBe(exp);
    }
  });

  it('stops on a session that ended (4001) instead of reconnecting', () => {
    const { client, last, timers, sockets, states } = setup();
    client.start();
    last().open();
    last().drop(4001);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toBe('signed_out');
  });

  it('on resync asks the app to reload, then subscribes from where the reload is current', async () => {
    const { client, last } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 3, r.handlers);
    last().open();
    last().receive({ type: 'resync', topic: 'workspace:7' });
    expect(r.resyncs).toBe(1);
    expect(last().sent).toHaveLength(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(last().sent.at(-1)).toEqual({ type: 'subscribe', topic: 'workspace:7', since: 100 });
  });

  it('closes on going offline, waits, and reconnects at once when back online', () => {
    const network = new FakeNetwork();
    const { client, last, sockets, timers, states } = setup({ network });
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 5, r.handlers);
    last().open();
    last().receive({ type: 'event', topic: 'workspace:7', seq: 6, event: event(6) });
    const first = last();
    network.goOffline();
    expect(first.closedWith).toBe(1000);
    expect(states.at(-1)).toBe('offline');
    timers.advance(120_000);
    expect(sockets).toHaveLength(1);
    network.goOnline();
    expect(sockets).toHaveLength(2);
    last().open();
    expect(last().sent).toEqual([{ type: 'subscribe', topic: 'workspace:7', since: 6 }]);
  });

  it('drops a connection that stays silent for two ping intervals', () => {
    const { client, last, sockets, timers } = setup();
    client.start();
    last().open();
    timers.advance(20_000);
    expect(last().sent).toEqual([{ type: 'ping' }]);
    last().receive({ type: 'pong' });
    timers.advance(20_000);
    timers.advance(20_000);
    expect(sockets).toHaveLength(1);
    timers.advance(20_000); // 60 s since the last pong
    expect(sockets[0]!.closedWith).toBe(4000);
    timers.advance(500);
    expect(sockets).toHaveLength(2);
  });

  it('forgets a topic the server ended and does not subscribe to it again', () => {
    const { client, last, timers } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 1, r.handlers);
    last().open();
    last().receive({ type: 'unsubscribed', topic: 'workspace:7', reason: 'membership_removed' });
    expect(r.ended).toEqual(['membership_removed']);
    last().drop();
    timers.advance(500);
    last().open();
    expect(last().sent).toEqual([]);
  });

  it('unsubscribes when the app stops following a topic', () => {
    const { client, last } = setup();
    const r = recorder();
    client.start();
    const stop = client.subscribe('workspace:7', 1, r.handlers);
    last().open();
    stop();
    expect(last().sent.at(-1)).toEqual({ type: 'unsubscribe', topic: 'workspace:7' });
    last().receive({ type: 'event', topic: 'workspace:7', seq: 2, event: event(2) });
    expect(r.seen).toEqual([]);
  });

  it('replaces a subscriber of a topic by unsubscribing first, as the server refuses a second subscribe', () => {
    const { client, last } = setup();
    const first = recorder();
    const second = recorder();
    client.start();
    client.subscribe('workspace:7', 1, first.handlers);
    last().open();
    client.subscribe('workspace:7', 3, second.handlers);
    expect(last().sent).toEqual([
      { type: 'subscribe', topic: 'workspace:7', since: 1 },
      { type: 'unsubscribe', topic: 'workspace:7' },
      { type: 'subscribe', topic: 'workspace:7', since: 3 },
    ]);
    last().receive({ type: 'unsubscribed', topic: 'workspace:7', reason: 'requested' });
    last().receive({ type: 'error', code: 'invalid', message: 'x', message_nl: 'x', topic: 'workspace:7' });
    last().receive({ type: 'event', topic: 'workspace:7', seq: 4, event: event(4) });
    expect([first.seen, second.seen, second.ended]).toEqual([[], [4], []]);
  });

  it('ends a topic the server does not know or will not add', () => {
    const { client, last } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:99', 0, r.handlers);
    last().open();
    last().receive({ type: 'error', code: 'not_found', message: 'x', message_nl: 'x', topic: 'workspace:99' });
    expect(r.ended).toEqual(['not_found']);
    expect(client.seqOf('workspace:99')).toBeUndefined();
  });

  it('asks again later when the server cannot subscribe now', () => {
    const { client, last, timers } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 2, r.handlers);
    last().open();
    last().receive({ type: 'error', code: 'unavailable', message: 'x', message_nl: 'x', topic: 'workspace:7' });
    expect(last().sent).toHaveLength(1);
    timers.advance(1000);
    expect(last().sent).toEqual([
      { type: 'subscribe', topic: 'workspace:7', since: 2 },
      { type: 'subscribe', topic: 'workspace:7', since: 2 },
    ]);
    expect(r.ended).toEqual([]);
  });

  it('ignores frames that are not messages of the protocol', () => {
    const { client, last } = setup();
    const r = recorder();
    client.start();
    client.subscribe('workspace:7', 1, r.handlers);
    last().open();
    last().onmessage?.({ data: 'not json' });
    last().onmessage?.({ data: '{"type":"event","topic":"workspace:7"}' });
    last().onmessage?.({ data: new ArrayBuffer(2) });
    expect(r.seen).toEqual([]);
    expect(client.seqOf('workspace:7')).toBe(1);
  });
});
