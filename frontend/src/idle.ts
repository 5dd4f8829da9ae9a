// When the session runs out: the hub ends a session after its idle timeout
// (30 minutes by default) without a request, and an open page or websocket
// does not count. Every API answer says when that will be
// (Ketenhub-Session-Idle-Expires); the app warns a minute before, and
// "Doorgaan" makes a request, which extends the session.

/** The answer header with the session's idle expiry (RFC 3339). */
export const idleExpiresHeader = 'Ketenhub-Session-Idle-Expires';

/** How long before the idle timeout the warning shows. */
export const warnBeforeMs = 60_000;

/**
 * sessionDeadline turns an answer's idle expiry into a time on this
 * browser's clock (ms since the epoch), measured from the answer's Date
 * header so that a browser clock that is off does not move the warning.
 * Undefined when the answer carries no expiry (no session).
 */
export function sessionDeadline(expires: string | null, date: string | null, now: number): number | undefined {
  if (!expires) return undefined;
  const at = Date.parse(expires);
  if (Number.isNaN(at)) return undefined;
  const serverNow = date ? Date.parse(date) : NaN;
  return Number.isNaN(serverNow) ? at : now + (at - serverNow);
}

/** The phases of a session as the warning sees them. */
export type IdlePhase = 'quiet' | 'warning' | 'ended';

/**
 * idlePhase is what to show at now: nothing (quiet) until a minute before
 * the deadline, then the warning, and from the deadline on that the
 * session has probably ended (unless another tab kept it alive).
 */
export function idlePhase(deadline: number, now: number): IdlePhase {
  if (now >= deadline) return 'ended';
  return now >= deadline - warnBeforeMs ? 'warning' : 'quiet';
}

/** nextCheck is how long to wait before the phase may change (or, while warning, the countdown ticks). */
export function nextCheck(deadline: number, now: number): number {
  switch (idlePhase(deadline, now)) {
    case 'quiet':
      return deadline - warnBeforeMs - now;
    case 'warning':
      return Math.min(1000, deadline - now);
    case 'ended':
      return Infinity;
  }
}

/** secondsLeft is the whole seconds until the deadline, never negative. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
