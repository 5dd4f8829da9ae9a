import { describe, expect, it } from 'vitest';
import { allParts, meetingRoute, partsOf, startsAt } from './plan';

describe('meeting pages', () => {
  it('are found by their Dutch and English addresses', () => {
    expect(meetingRoute('/overleggen/12')).toEqual({ id: 12, view: 'prep' });
    expect(meetingRoute('/overleggen/12/live')).toEqual({ id: 12, view: 'live' });
    expect(meetingRoute('/overleggen/12/projectie')).toEqual({ id: 12, view: 'projector' });
    expect(meetingRoute('/meetings/7/live')).toEqual({ id: 7, view: 'live' });
    expect(meetingRoute('/meetings/7/projector/')).toEqual({ id: 7, view: 'projector' });
  });

  it('are not other paths', () => {
    for (const p of ['/overleggen', '/overleggen/0', '/overleggen/012', '/overleggen/x', '/overleggen/3/bord', '/werkruimtes/1/overleggen/3', '/overleggen/99999999999999999']) {
      expect(meetingRoute(p), p).toBeNull();
    }
  });
});

describe('a planned start', () => {
  it('is the local date and time as an instant', () => {
    expect(startsAt('2026-03-02', '14:30')).toBe(new Date(2026, 2, 2, 14, 30).toISOString());
  });

  it('is empty while the date or time is incomplete, so that the hub names the field', () => {
    expect(startsAt('', '14:30')).toBe('');
    expect(startsAt('2026-03-02', '')).toBe('');
    expect(startsAt('2026-13-45', '14:30')).toBe('');
  });
});

describe('a meeting event', () => {
  it('reloads only what it changes', () => {
    expect(partsOf('meeting.updated')).toEqual(['meeting']);
    expect(partsOf('agenda.reordered')).toEqual(['agenda', 'meeting']);
    expect(partsOf('agenda_item.created')).toEqual(['agenda', 'meeting']);
    expect(partsOf('decision.created')).toEqual(['decisions']);
    expect(partsOf('action.created')).toEqual(['decisions']);
    expect(partsOf('something.new')).toEqual(allParts);
  });
});
