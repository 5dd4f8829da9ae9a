import { describe, expect, it } from 'vitest';
import { RealtimeClient, type SocketLike } from './client';
import { meetingTopic, parseServerMessage, type PresenceUser } from './protocol';

// A stand-in for the browser's WebSocket; the test plays the hub's side.
class Socket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(m: object) {
    this.onmessage?.({ data: JSON.stringify(m) });
  }
}

describe('meeting topics', () => {
  it('are named meeting:<id>', () => {
    expect(meetingTopic(12)).toBe('meeting:12');
  });

  it('parse presence only with a list of users', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'presence', topic: 'meeting:1', users: [] }))).toEqual({ type: 'presence', topic: 'meeting:1', users: [] });
    expect(parseServerMessage(JSON.stringify({ type: 'presence', topic: 'meeting:1' }))).toBeNull();
  });

  it('hand presence to the meeting topic and leave the resume point alone', () => {
    const sockets: Socket[] = [];
    const client = new RealtimeClient({ url: 'ws://hub/api/ws', socket: () => { const s = new Socket(); sockets.push(s); return s; } });
    const seen: PresenceUser[][] = [];
    const events: number[] = [];
    client.start();
    client.subscribe(meetingTopic(3), 40, {
      event: (ev) => events.push(ev.seq),
      presence: (users) => seen.push(users),
      resync: async () => 0,
    });
    const s = sockets[0]!;
    s.open();
    expect(s.sent).toEqual([{ type: 'subscribe', topic: 'meeting:3', since: 40 }]);
    const yasmina = { user_id: 1, name: 'Yasmina El Idrissi', organisation_id: 2 };
    const erik = { user_id: 3, name: 'Erik Brouwer', organisation_id: 4 };
    s.receive({ type: 'subscribed', topic: 'meeting:3', seq: 40 });
    s.receive({ type: 'presence', topic: 'meeting:3', users: [yasmina] });
    s.receive({ type: 'presence', topic: 'meeting:3', users: [erik, yasmina] });
    s.receive({ type: 'presence', topic: 'meeting:9', users: [erik] }); // another topic: not ours
    expect(seen).toEqual([[yasmina], [erik, yasmina]]);
    expect(client.seqOf('meeting:3')).toBe(40);
    client.stop();
  });
});
