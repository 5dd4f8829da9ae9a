// The regisseur's form to change a meeting's plan, as pure data: the form's
// values of a meeting, and the patch of only what the user changed (so that
// a change saved on top of a newer version touches nothing else).
import type { Meeting, MeetingPatch } from '../api/meetings';
import type { ID } from '../api/types';
import { startsAt } from './plan';

export interface PlanForm {
  title: string;
  date: string;
  time: string;
  duration: string;
  location: string;
  chair: string;
  minuteTaker: string;
  participants: ID[];
  deadlineDate: string;
  deadlineTime: string;
  recur: string;
}

/** localParts is an instant as the local date (YYYY-MM-DD) and time (HH:MM); empty for none. */
export function localParts(iso: string | null): { date: string; time: string } {
  const d = iso ? new Date(iso) : undefined;
  if (!d || Number.isNaN(d.getTime())) return { date: '', time: '' };
  const p = (n: number) => String(n).padStart(2, '0');
  return { date: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`, time: `${p(d.getHours())}:${p(d.getMinutes())}` };
}

const sameInstant = (a: string | null, b: string | null) => (a && b ? Date.parse(a) === Date.parse(b) : a === b);
const sorted = (ids: ID[]) => [...ids].sort((x, y) => x - y);
const sameSet = (a: ID[], b: ID[]) => sorted(a).join(',') === sorted(b).join(',');
const idOf = (s: string): ID | null => (s ? Number(s) : null);

/** planFormOf is the form filled with meeting m as it is. */
export function planFormOf(m: Meeting): PlanForm {
  const start = localParts(m.starts_at);
  const deadline = localParts(m.proposal_deadline);
  return {
    title: m.title,
    date: start.date,
    time: start.time,
    duration: String(m.duration_minutes),
    location: m.location,
    chair: m.chair_user_id ? String(m.chair_user_id) : '',
    minuteTaker: m.minute_taker_user_id ? String(m.minute_taker_user_id) : '',
    participants: sorted(m.participant_organisations),
    deadlineDate: deadline.date,
    deadlineTime: deadline.date ? deadline.time : '',
    recur: String(m.recur_every_weeks),
  };
}

/**
 * planPatch is what form changes about meeting m: only the fields whose
 * value differs. A deadline without a time is at the end of that day; an
 * emptied deadline, chair or minute-taker is cleared (null).
 */
export function planPatch(m: Meeting, form: PlanForm): MeetingPatch {
  const p: MeetingPatch = {};
  if (form.title !== m.title) p.title = form.title;
  const start = startsAt(form.date, form.time);
  if (!sameInstant(start || null, m.starts_at)) p.starts_at = start;
  const minutes = form.duration.trim() === '' ? NaN : Number(form.duration);
  if (minutes !== m.duration_minutes) p.duration_minutes = minutes;
  if (form.location !== m.location) p.location = form.location;
  if (idOf(form.chair) !== m.chair_user_id) p.chair_user_id = idOf(form.chair);
  if (idOf(form.minuteTaker) !== m.minute_taker_user_id) p.minute_taker_user_id = idOf(form.minuteTaker);
  if (!sameSet(form.participants, m.participant_organisations)) p.participant_organisations = sorted(form.participants);
  const deadline = form.deadlineDate ? startsAt(form.deadlineDate, form.deadlineTime || '23:59') || form.deadlineDate : null;
  if (!sameInstant(deadline, m.proposal_deadline)) p.proposal_deadline = deadline;
  if (Number(form.recur) !== m.recur_every_weeks) p.recur_every_weeks = Number(form.recur);
  return p;
}

/**
 * PlanField names the fields of MeetingPatch that the plan editor changes, for
 * the conflict dialog and error messages (not the kind, the people invited one
 * by one, or the version the patch is based on).
 */
export type PlanField = Exclude<keyof MeetingPatch, 'kind' | 'participant_users' | 'version'>;

/** changedFields are the patch's fields, in the form's order. */
export function changedFields(p: MeetingPatch): PlanField[] {
  const order: PlanField[] = [
    'title', 'starts_at', 'duration_minutes', 'location', 'chair_user_id', 'minute_taker_user_id',
    'participant_organisations', 'proposal_deadline', 'recur_every_weeks',
  ];
  return order.filter((f) => f in p);
}
