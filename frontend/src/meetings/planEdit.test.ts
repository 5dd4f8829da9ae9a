import { describe, expect, it } from 'vitest';
import type { Meeting } from '../api/meetings';
import { changedFields, localParts, planFormOf, planPatch } from './planEdit';

const meeting: Meeting = {
  id: 4, workspace_id: 6, kind: 'driehoek', title: 'Lokale driehoek', starts_at: new Date(2026, 11, 7, 10, 0).toISOString(),
  duration_minutes: 90, location: 'Stadhuis', state: 'agenda_open', chair_user_id: 2, minute_taker_user_id: null,
  participant_organisations: [3, 1], participant_users: [], attendance: [], proposal_deadline: null, recur_every_weeks: 6,
  previous_meeting_id: null, current_item_id: null, timer_started_at: null, timer_elapsed_seconds: 0, version: 3,
  created_at: '', updated_at: '',
};

describe('the plan form', () => {
  it('shows a meeting in local date and time, participants sorted', () => {
    const f = planFormOf(meeting);
    expect(f).toMatchObject({ title: 'Lokale driehoek', date: '2026-12-07', time: '10:00', duration: '90', chair: '2', minuteTaker: '', participants: [1, 3], deadlineDate: '', recur: '6' });
    expect(localParts(null)).toEqual({ date: '', time: '' });
  });

  it('patches nothing when nothing changed', () => {
    expect(planPatch(meeting, planFormOf(meeting))).toEqual({});
  });

  it('patches only what changed, clearing an emptied chair', () => {
    const f = { ...planFormOf(meeting), title: 'Driehoek, verzet', time: '14:30', chair: '', minuteTaker: '5', participants: [3, 1, 7], recur: '0' };
    const p = planPatch(meeting, f);
    expect(p).toEqual({
      title: 'Driehoek, verzet',
      starts_at: new Date(2026, 11, 7, 14, 30).toISOString(),
      chair_user_id: null,
      minute_taker_user_id: 5,
      participant_organisations: [1, 3, 7],
      recur_every_weeks: 0,
    });
    expect(changedFields(p)).toEqual(['title', 'starts_at', 'chair_user_id', 'minute_taker_user_id', 'participant_organisations', 'recur_every_weeks']);
  });

  it('sets a deadline at the end of the day when no time is given, and clears an emptied one', () => {
    const p = planPatch(meeting, { ...planFormOf(meeting), deadlineDate: '2026-12-01' });
    expect(p).toEqual({ proposal_deadline: new Date(2026, 11, 1, 23, 59).toISOString() });
    const withDeadline = { ...meeting, proposal_deadline: new Date(2026, 11, 1, 12, 0).toISOString() };
    expect(planFormOf(withDeadline)).toMatchObject({ deadlineDate: '2026-12-01', deadlineTime: '12:00' });
    expect(planPatch(withDeadline, { ...planFormOf(withDeadline), deadlineDate: '' })).toEqual({ proposal_deadline: null });
  });

  it('sends a duration that is no number, so that the hub names the field', () => {
    expect(Number.isNaN(planPatch(meeting, { ...planFormOf(meeting), duration: '' }).duration_minutes)).toBe(true);
  });
});
