// Changing a planned meeting: the regisseur opens the form on the meeting
// preparation page and saves only what changed, based on the version shown
// (If-Match). When someone changed the meeting meanwhile, the conflict
// dialog shows both values and asks what to keep; nothing typed is lost.
// Everyone sees the minute-taker, the participants and the proposal
// deadline here, and every change arrives live through the meeting's topic.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { mayMeeting, type Meeting, type MeetingPatch } from '../api/meetings';
import { formatDateTime, formatNumber, useI18n, type MessageKey } from '../i18n/i18n';
import { useWorkspace } from '../live';
import { byLabel } from '../people';
import { orgName, personAndOrg, unnamed, userName, useSession } from '../session';
import { ConflictDialog, type ConflictField } from '../ui/ConflictDialog';
import { useErrorText } from '../ui/ErrorAlert';
import { asApiError, useMeetingsApi } from './common';
import { changedFields, planFormOf, planPatch, type PlanField, type PlanForm } from './planEdit';
import type { LiveMeeting } from './useLiveMeeting';

const labels: Record<PlanField, MessageKey> = {
  title: 'plan.name',
  starts_at: 'meeting.start',
  duration_minutes: 'plan.duration',
  location: 'plan.location',
  chair_user_id: 'plan.chair',
  minute_taker_user_id: 'planEdit.minuteTakerLabel',
  participant_organisations: 'planEdit.participantsLabel',
  proposal_deadline: 'planEdit.deadlineLabel',
  recur_every_weeks: 'plan.recur',
};

/** usePlanValue shows one field of a meeting (or of a patch) in words. */
function usePlanValue(): (f: PlanField, m: Meeting | MeetingPatch) => string {
  const { t } = useI18n();
  const s = useSession();
  return (f, m) => {
    const none = t('planEdit.none');
    switch (f) {
      case 'starts_at':
      case 'proposal_deadline': {
        const v = m[f];
        return v ? formatDateTime(v) : none;
      }
      case 'chair_user_id':
      case 'minute_taker_user_id':
        return userName(s, m[f]) || none;
      case 'participant_organisations':
        return (m[f] ?? []).map((o) => orgName(s, o)).join(', ') || none;
      case 'recur_every_weeks': {
        const n = m[f] ?? 0;
        return n === 0 ? t('meeting.once') : n === 1 ? t('meeting.everyWeek') : t('meeting.everyWeeks', { n });
      }
      case 'duration_minutes':
        return Number.isFinite(m[f]) ? formatNumber(m[f] as number) : none;
      default:
        return String(m[f] ?? '') || none;
    }
  };
}

/** PlanEditor is the part of the preparation page that shows and changes the plan. */
export function PlanEditor({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const s = useSession();
  const m = live.meeting!;
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const [refocus, setRefocus] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const editable = mayMeeting(m, 'edit');
  // Back on the button that opened the form once it closes, so keyboard users keep their place.
  useEffect(() => {
    if (refocus && !open) toggle.current?.focus();
    setRefocus(false);
  }, [refocus, open]);
  const close = (message: string) => {
    setOpen(false);
    setDone(message);
    setRefocus(true);
  };
  return (
    <section aria-labelledby="m-plan" className="kh-plan-edit">
      <h3 id="m-plan" className="utrecht-heading-3">{t('planEdit.heading')}</h3>
      <dl className="kh-dl" data-testid="plan-extra">
        <dt>{t('planEdit.minuteTakerLabel')}</dt>
        <dd>{userName(s, m.minute_taker_user_id) || t('action.none')}</dd>
        <dt>{t('planEdit.participantsLabel')}</dt>
        <dd>{m.participant_organisations.map((o) => orgName(s, o)).join(', ') || t('planEdit.participantsHint')}</dd>
        <dt>{t('planEdit.deadlineLabel')}</dt>
        <dd>{m.proposal_deadline ? <time dateTime={m.proposal_deadline}>{formatDateTime(m.proposal_deadline)}</time> : t('action.none')}</dd>
      </dl>
      <p role="status" className="kh-done">{done}</p>
      {editable && !open && (
        <button ref={toggle} type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => { setDone(''); setOpen(true); }}>
          {t('planEdit.open')}
        </button>
      )}
      {editable && open && <PlanForm live={live} onClose={close} />}
    </section>
  );
}

/** PlanForm keeps its values while the meeting changes live; saving sends only what the user changed. */
function PlanForm({ live, onClose }: { live: LiveMeeting; onClose(message: string): void }) {
  const { t } = useI18n();
  const s = useSession();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const value = usePlanValue();
  const { members } = useWorkspace();
  const m = live.meeting!;
  // The version the form was filled from: a save is based on it, not on a newer one that arrived meanwhile.
  const [base, setBase] = useState<Meeting>(m);
  const [v, setV] = useState<PlanForm>(() => planFormOf(m));
  const [error, setError] = useState<ApiError>();
  const [conflict, setConflict] = useState<{ patch: MeetingPatch; current: Meeting }>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  const set = <K extends keyof PlanForm>(k: K, val: PlanForm[K]) => setV((old) => ({ ...old, [k]: val }));
  const memberOrgs = new Set(members.map((x) => x.organisation_id));
  const people = byLabel([...s.users.values()].filter((u) => memberOrgs.has(u.organisation_id)), (id) => orgName(s, id), unnamed());
  const errField = error?.field?.split(/[.[]/)[0];
  const errorFor = (f: PlanField) => (error && errField === f ? text(error) : undefined);

  const send = async (patch: MeetingPatch, on: Meeting) => {
    setBusy(true);
    try {
      live.setMeeting(await mapi.updateMeeting(on, patch));
      setError(undefined);
      onClose(t('planEdit.saved'));
    } catch (e) {
      const err = asApiError(e);
      if (err.isStale) {
        const current = err.current as Meeting;
        live.setMeeting(current);
        setError(undefined);
        setConflict({ patch, current });
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch = planPatch(base, v);
    if (changedFields(patch).length === 0) {
      onClose(t('planEdit.nothing'));
      return;
    }
    void send(patch, base);
  };
  const conflictFields = (c: { patch: MeetingPatch; current: Meeting }): ConflictField[] =>
    changedFields(c.patch).map((f) => ({ label: t(labels[f]), mine: value(f, c.patch), theirs: value(f, c.current) }));

  const field = (f: PlanField, id: string, label: string, control: (describedBy: string | undefined) => ReactNode) => {
    const err = errorFor(f);
    return (
      <div className={`utrecht-form-field${err ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={id} className="utrecht-form-label">{label}</label>
        {err && <p id={`${id}-error`} className="utrecht-form-field-error-message">{err}</p>}
        {control(err ? `${id}-error` : undefined)}
      </div>
    );
  };
  const invalid = (f: PlanField) => errField === f || undefined;

  return (
    <>
      <div ref={summary} tabIndex={-1} className="kh-error-summary">
        {error && (
          <Alert type="error" role="alert">
            <Paragraph>{t('planEdit.errors')}</Paragraph>
            {!errField && <Paragraph>{text(error)}</Paragraph>}
          </Alert>
        )}
      </div>
      <form className="kh-form" onSubmit={submit} noValidate aria-labelledby="m-plan">
        {field('title', 'pe-title', t('plan.name'), (d) => (
          <input ref={first} id="pe-title" type="text" className="utrecht-textbox utrecht-textbox--html-input" aria-required="true" aria-describedby={d} aria-invalid={invalid('title')} value={v.title} onChange={(e) => set('title', e.target.value)} />
        ))}
        {field('starts_at', 'pe-date', t('plan.date'), (d) => (
          <input id="pe-date" type="date" className="utrecht-textbox utrecht-textbox--html-input kh-short" aria-describedby={d} aria-invalid={invalid('starts_at')} value={v.date} onChange={(e) => set('date', e.target.value)} />
        ))}
        <div className="utrecht-form-field">
          <label htmlFor="pe-time" className="utrecht-form-label">{t('plan.time')}</label>
          <input id="pe-time" type="time" className="utrecht-textbox utrecht-textbox--html-input kh-short" value={v.time} onChange={(e) => set('time', e.target.value)} />
        </div>
        {field('duration_minutes', 'pe-duration', t('plan.duration'), (d) => (
          <input id="pe-duration" type="number" min={0} max={1440} inputMode="numeric" className="utrecht-textbox utrecht-textbox--html-input kh-short" aria-describedby={d} aria-invalid={invalid('duration_minutes')} value={v.duration} onChange={(e) => set('duration', e.target.value)} />
        ))}
        {field('location', 'pe-location', t('plan.location'), (d) => (
          <input id="pe-location" type="text" className="utrecht-textbox utrecht-textbox--html-input" aria-describedby={d} aria-invalid={invalid('location')} value={v.location} onChange={(e) => set('location', e.target.value)} />
        ))}
        {field('chair_user_id', 'pe-chair', t('plan.chair'), (d) => (
          <select id="pe-chair" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.chair} onChange={(e) => set('chair', e.target.value)}>
            <option value="">{t('plan.noChair')}</option>
            {people.map((u) => <option key={u.id} value={u.id}>{personAndOrg(s, u, (name, organisation) => t('person.withOrg', { name, organisation }))}</option>)}
          </select>
        ))}
        {field('minute_taker_user_id', 'pe-minutes', t('planEdit.minuteTaker'), (d) => (
          <select id="pe-minutes" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.minuteTaker} onChange={(e) => set('minuteTaker', e.target.value)}>
            <option value="">{t('planEdit.noMinuteTaker')}</option>
            {people.map((u) => <option key={u.id} value={u.id}>{personAndOrg(s, u, (name, organisation) => t('person.withOrg', { name, organisation }))}</option>)}
          </select>
        ))}
        <fieldset className={`utrecht-form-fieldset${errorFor('participant_organisations') ? ' utrecht-form-fieldset--invalid' : ''}`} aria-describedby="pe-participants-hint">
          <legend className="utrecht-form-fieldset__legend">{t('planEdit.participants')}</legend>
          <p id="pe-participants-hint" className="kh-muted">{t('planEdit.participantsHint')}</p>
          {errorFor('participant_organisations') && <p className="utrecht-form-field-error-message">{errorFor('participant_organisations')}</p>}
          {members.map((x) => (
            <label key={x.organisation_id} className="kh-check">
              <input
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
                checked={v.participants.includes(x.organisation_id)}
                onChange={(e) =>
                  set('participants', e.target.checked ? [...v.participants, x.organisation_id] : v.participants.filter((o) => o !== x.organisation_id))
                }
              />
              {x.organisation.name}
            </label>
          ))}
        </fieldset>
        {field('proposal_deadline', 'pe-deadline', t('planEdit.deadline'), (d) => (
          <input id="pe-deadline" type="date" className="utrecht-textbox utrecht-textbox--html-input kh-short" aria-describedby={d} aria-invalid={invalid('proposal_deadline')} value={v.deadlineDate} onChange={(e) => set('deadlineDate', e.target.value)} />
        ))}
        <div className="utrecht-form-field">
          <label htmlFor="pe-deadline-time" className="utrecht-form-label">{t('planEdit.deadlineTime')}</label>
          <input id="pe-deadline-time" type="time" className="utrecht-textbox utrecht-textbox--html-input kh-short" value={v.deadlineTime} onChange={(e) => set('deadlineTime', e.target.value)} />
        </div>
        {field('recur_every_weeks', 'pe-recur', t('plan.recur'), (d) => (
          <select id="pe-recur" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.recur} onChange={(e) => set('recur', e.target.value)}>
            <option value="0">{t('meeting.once')}</option>
            <option value="1">{t('meeting.everyWeek')}</option>
            {[2, 3, 4, 6, 8].map((n) => <option key={n} value={n}>{t('meeting.everyWeeks', { n })}</option>)}
            {![0, 1, 2, 3, 4, 6, 8].includes(Number(v.recur)) && <option value={v.recur}>{t('meeting.everyWeeks', { n: Number(v.recur) })}</option>}
          </select>
        ))}
        <div className="kh-buttons">
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>{t('planEdit.save')}</button>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => onClose('')}>{t('form.cancel')}</button>
        </div>
      </form>
      {conflict && (
        <ConflictDialog
          title={t('planEdit.conflictTitle')}
          fields={conflictFields(conflict)}
          onKeepMine={() => {
            const c = conflict;
            setConflict(undefined);
            setBase(c.current);
            void send(c.patch, c.current);
          }}
          onTakeTheirs={() => {
            const c = conflict;
            setConflict(undefined);
            setBase(c.current);
            setV(planFormOf(c.current));
          }}
        />
      )}
    </>
  );
}
