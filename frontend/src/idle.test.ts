import { describe, expect, it } from 'vitest';
import { idlePhase, nextCheck, secondsLeft, sessionDeadline, warnBeforeMs } from './idle';

const t0 = Date.parse('2026-12-03T10:00:00Z');

describe('sessionDeadline', () => {
  it('measures the expiry from the answer, not from the browser clock', () => {
    // The browser runs 5 minutes fast; the session has 30 minutes left by the hub's clock.
    const browserNow = t0 + 5 * 60_000;
    const d = sessionDeadline('2026-12-03T10:30:00Z', new Date(t0).toUTCString(), browserNow);
    expect(d).toBe(browserNow + 30 * 60_000);
  });
  it('takes the expiry as it is without a Date header', () => {
    expect(sessionDeadline('2026-12-03T10:30:00Z', null, t0)).toBe(t0 + 30 * 60_000);
  });
  it('knows no deadline without a session or with garbage', () => {
    expect(sessionDeadline(null, null, t0)).toBeUndefined();
    expect(sessionDeadline('soon', null, t0)).toBeUndefined();
  });
});

describe('idlePhase', () => {
  const deadline = t0 + 30 * 60_000;
  it('is quiet until a minute before the idle timeout', () => {
    expect(idlePhase(deadline, t0)).toBe('quiet');
    expect(idlePhase(deadline, deadline - warnBeforeMs - 1)).toBe('quiet');
  });
  it('warns during the last minute', () => {
    expect(warnBeforeMs).toBe(60_000);
    expect(idlePhase(deadline, deadline - warnBeforeMs)).toBe('warning');
    expect(idlePhase(deadline, deadline - 1)).toBe('warning');
  });
  it('has ended from the deadline on', () => {
    expect(idlePhase(deadline, deadline)).toBe('ended');
    expect(idlePhase(deadline, deadline + 60_000)).toBe('ended');
  });
  it('wakes exactly when the warning is due, then every second', () => {
    expect(nextCheck(deadline, t0)).toBe(29 * 60_000);
    expect(nextCheck(deadline, deadline - 30_500)).toBe(1000);
    expect(nextCheck(deadline, deadline - 400)).toBe(400);
    expect(nextCheck(deadline, deadline)).toBe(Infinity);
  });
  it('counts the seconds left', () => {
    expect(secondsLeft(deadline, deadline - warnBeforeMs)).toBe(60);
    expect(secondsLeft(deadline, deadline - 1)).toBe(1);
    expect(secondsLeft(deadline, deadline + 5000)).toBe(0);
  });
});
