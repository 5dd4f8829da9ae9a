// The messages of the realtime protocol (docs/realtime.md).
import type { HubEvent } from '../api/types';

export type ClientMessage =
  | { type: 'subscribe'; topic: string; since?: number; id?: string }
  | { type: 'unsubscribe'; topic: string; id?: string }
  | { type: 'ping'; id?: string };

export type ServerMessage =
  | { type: 'subscribed'; topic: string; seq: number; id?: string }
  | { type: 'event'; topic: string; seq: number; event: HubEvent }
  | { type: 'removed'; topic: string; seq: number; subject: string; subject_id: number }
  | { type: 'position'; topic: string; seq: number }
  | { type: 'resync'; topic: string; id?: string }
  | { type: 'unsubscribed'; topic: string; reason: string; id?: string }
  | { type: 'error'; code: string; message: string; message_nl: string; id?: string; topic?: string }
  | { type: 'pong'; id?: string }
  | { type: 'presence'; topic: string; users: PresenceUser[] };

/** PresenceUser is someone looking at a meeting board now (meeting topics only). */
export interface PresenceUser {
  user_id: number;
  /** Absent for a shielded officer of another organisation: show function and organisation. */
  name?: string;
  function?: string;
  shielded?: boolean;
  organisation_id: number;
}

/** Close codes the client acts on. */
export const CloseSessionEnded = 4001;
export const CloseSlowConsumer = 4008;
export const CloseTooMany = 4029;

const serverTypes = new Set(['subscribed', 'event', 'removed', 'position', 'resync', 'unsubscribed', 'error', 'pong', 'presence']);

/** parseServerMessage decodes one frame; null when it is not a message of the protocol. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let m: unknown;
  try {
    m = JSON.parse(data);
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object') return null;
  const t = (m as { type?: unknown }).type;
  if (typeof t !== 'string' || !serverTypes.has(t)) return null;
  const seq = (m as { seq?: unknown }).seq;
  if (t === 'presence' && !Array.isArray((m as { users?: unknown }).users)) return null;
  if ((t === 'subscribed' || t === 'event' || t === 'removed' || t === 'position') && typeof seq !== 'number') return null;
  return m as ServerMessage;
}

/** workspaceTopic names the topic of a workspace. */
export function workspaceTopic(id: number): string {
  return `workspace:${id}`;
}

/** meetingTopic names the topic of a meeting: its events and who is watching. */
export function meetingTopic(id: number): string {
  return `meeting:${id}`;
}
