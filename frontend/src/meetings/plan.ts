// Pure helpers of the meeting pages: their addresses and the start time of
// a planned meeting (kept apart from the components, so that unit tests
// need no browser).

export type MeetingView = 'prep' | 'live' | 'projector';

/**
 * meetingRoute reads a meeting page's path: /overleggen/:id (preparation),
 * /overleggen/:id/live and /overleggen/:id/projectie; /meetings/:id,
 * /meetings/:id/live and /meetings/:id/projector lead to the same pages.
 * It answers null for any other path.
 */
export function meetingRoute(path: string): { id: number; view: MeetingView } | null {
  const m = /^\/(?:overleggen|meetings)\/([1-9]\d{0,15})(\/live|\/projectie|\/projector)?\/?$/.exec(path);
  if (!m) return null;
  const view: MeetingView = !m[2] ? 'prep' : m[2] === '/live' ? 'live' : 'projector';
  return { id: Number(m[1]), view };
}

/** startsAt is a local date and time as an RFC 3339 instant; empty when either is incomplete. */
export function startsAt(date: string, time: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return '';
  const d = new Date(`${date}T${time}:00`);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export type Part = 'meeting' | 'agenda' | 'decisions';
export const allParts: readonly Part[] = ['meeting', 'agenda', 'decisions'];

/**
 * partsOf names what an event changes, by the first part of its type
 * ("agenda.reordered" is about the agenda though its subject is the
 * meeting): the meeting itself (state, current item, timer, attendance), the
 * agenda, or the decisions (which list the actions made from them). Anything
 * else reloads all.
 */
export function partsOf(type: string): readonly Part[] {
  switch (type.split('.')[0]) {
    case 'meeting':
      return ['meeting'];
    case 'agenda_item':
    case 'agenda':
      // An item's state can move the current item and the timer too.
      return ['agenda', 'meeting'];
    case 'decision':
    case 'action':
      return ['decisions'];
    default:
      return allParts;
  }
}
