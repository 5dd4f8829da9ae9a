// The live meeting board: the current item large with its timer, moving
// through the agenda, attendance, decisions recorded on the current item and
// actions made from them, with their live status, and who is watching. All
// of it follows the meeting's topic (and the workspace's, for the status of
// the actions), so every participant sees the same board at once.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { allowedMoves, elapsedSeconds, formatDuration, mayMeeting, onAgenda, warningsOf, type AgendaItem, type Decision, type LiveCommand, type Meeting, type PersonalDataWarning } from '../api/meetings';
import type { Action, ID } from '../api/types';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, paths } from '../router';
import { byOrgAndLabel } from '../people';
import { orgName, personAndOrg, personName, unnamed, userName, useSession } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { RestrictedMarker } from '../ui/Restricted';
import { ActionStatusBadge } from '../ui/StatusBadge';
import { asApiError, ErrorNote, MeetingStateBadge, PersonalDataDialog, useMeetingsApi } from './common';
import { enterFullscreen, ItemMeta, useItemTitle } from './MeetingPrep';
import type { LiveMeeting } from './useLiveMeeting';
import { DecisionEdit } from './Corrections';
import { DisplaysPanel } from './Displays';
import { roomHidden } from '../api/room';
import { useOptionalRoomView } from './useRoomView';

/** useNow is the time, moving every second while tick is true. */
export function useNow(tick: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!tick) return;
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, [tick]);
  return now;
}

/** Board is what the live board shows of the agenda. */
interface Board {
  items: AgendaItem[];
  current: AgendaItem | undefined;
  index: number;
  onCurrent: Decision[];
}

function boardOf(live: LiveMeeting): Board {
  const m = live.meeting!;
  const items = live.agenda.filter(onAgenda).sort((a, b) => a.position - b.position);
  const index = items.findIndex((it) => it.id === m.current_item_id);
  const current = index >= 0 ? items[index] : undefined;
  return { items, current, index, onCurrent: live.decisions.filter((d) => d.agenda_item_id === m.current_item_id) };
}

/** useLinkedActions loads the visible actions made from the meeting's decisions, again on every action event. */
function useLinkedActions(decisions: Decision[]): Action[] {
  const { api } = useSession();
  const { ticks } = useWorkspace();
  const ids = [...new Set(decisions.flatMap((d) => d.action_ids))];
  const load = useLoad(
    async () => (await Promise.all(ids.map((id) => api.action(id).catch(() => undefined)))).filter((a): a is Action => !!a),
    [ids.join(','), ticks.action],
  );
  return load.data ?? [];
}

/** Timer shows the current item's time, counting while it runs. */
export function Timer({ meeting: m, planned, className }: { meeting: Pick<Meeting, 'timer_started_at' | 'timer_elapsed_seconds'>; planned: number; className?: string }) {
  const { t } = useI18n();
  const now = useNow(!!m.timer_started_at);
  const secs = elapsedSeconds(m, now);
  const over = planned > 0 && secs > planned * 60;
  return (
    <p className={`kh-timer${over ? ' kh-timer--over' : ''}${className ? ' ' + className : ''}`} data-running={m.timer_started_at ? 'true' : 'false'}>
      <span className="kh-timer__label">{t('live.timer')}</span>{' '}
      <span className="kh-timer__value" data-testid="timer">{formatDuration(secs)}</span>
      {planned > 0 && <span className="kh-timer__planned"> ({t('live.planned', { minutes: planned })})</span>}
    </p>
  );
}

/** LiveBoard is /overleggen/:id/live. */
export function LiveBoard({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const title = useItemTitle();
  const m = live.meeting!;
  const b = boardOf(live);
  const steer = mayMeeting(m, 'run_live');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const actions = useLinkedActions(live.decisions);
  const finish = allowedMoves(m).includes('afgerond');
  const running = mayMeeting(m, 'run');
  // What the room (projector, room screen) does not show, marked for those
  // who run the meeting: the room shows only what everyone present may see.
  const room = useOptionalRoomView(live, running);
  const hiddenInRoom = roomHidden(b.items, room.data);
  const end = async () => {
    setBusy(true);
    try {
      live.setMeeting(await mapi.transition(m, 'afgerond'));
      setError(undefined);
    } catch (e) {
      const er = asApiError(e);
      if (er.isStale) live.setMeeting(er.current as Meeting);
      setError(er);
    } finally {
      setBusy(false);
    }
  };

  const [note, setNote] = useState('');
  const defer = async (it: AgendaItem) => {
    setBusy(true);
    try {
      const moved = await mapi.defer(it);
      const next = await mapi.meeting(moved.meeting_id).catch(() => undefined);
      setNote(t('live.deferred', { title: it.title, meeting: next?.title ?? '' }));
      setError(undefined);
      live.reload();
    } catch (e) {
      const er = asApiError(e);
      if (er.isStale) live.reload();
      setError(er);
    } finally {
      setBusy(false);
    }
  };

  const run = async (cmd: LiveCommand) => {
    setBusy(true);
    try {
      try {
        live.setMeeting(await mapi.live(m, cmd));
      } catch (e) {
        // Marking someone present means the same on any version: apply it
        // to the newer one. Moving on does not: the chair sees the new state.
        const er = asApiError(e);
        if (!er.isStale || !('attendance' in cmd)) throw e;
        live.setMeeting(await mapi.live(er.current as Meeting, cmd));
      }
      setError(undefined);
    } catch (e) {
      const er = asApiError(e);
      if (er.isStale) live.setMeeting(er.current as Meeting);
      setError(er);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kh-live">
      <Paragraph className="kh-live__links">
        <Link href={paths.meeting(m.id)}>{t('meeting.prep')}</Link>
        {' · '}
        <Link href={paths.meetingProjector(m.id)} onClick={enterFullscreen}>{t('meeting.projector')}</Link>
      </Paragraph>
      <PageTitle>{t('live.title', { title: m.title })}</PageTitle>
      <p className="kh-detail-badges"><MeetingStateBadge state={m.state} /></p>
      {finish && (
        <p>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy} onClick={() => void end()}>
            {t('meeting.move.afgerond')}
          </button>
        </p>
      )}
      {m.state !== 'live' && <Paragraph>{t('live.notLive', { state: t(`meeting.state.${m.state}`) })}</Paragraph>}
      <ErrorAlert error={live.error} onRetry={live.reload} />
      {error && <ErrorNote>{error.isStale ? t('meeting.changed') : text(error)}</ErrorNote>}
      <p role="status" className="kh-done">{note}</p>
      <Announcer live={live} board={b} />
      <div className="kh-live__grid">
        <div className="kh-live__main">
          <section aria-labelledby="live-current" className="kh-live__current" data-testid="current-item">
            <Heading2 id="live-current">{t('live.current')}</Heading2>
            {b.current ? (
              <>
                <p className="kh-live__of">{t('live.itemOf', { n: b.index + 1, count: b.items.length })}</p>
                <p className="kh-live__title" data-testid="current-title">
                  {title(b.current)}
                  {running && hiddenInRoom.has(b.current.id) && <> <RoomHiddenMarker /></>}
                </p>
                {!b.current.hidden && <ItemMeta item={b.current} />}
                {!b.current.hidden && b.current.notes && <p className="kh-agenda__notes">{b.current.notes}</p>}
                <Timer meeting={m} planned={b.current.hidden ? 0 : b.current.minutes_planned} />
              </>
            ) : (
              <Paragraph>{t('live.noCurrent')}</Paragraph>
            )}
            {steer && (
              <div className="kh-buttons" role="group" aria-label={t('live.controls')}>
                <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy || b.index <= 0} onClick={() => void run({ move: 'previous' })}>
                  {t('live.previous')}
                </button>
                <button type="button" className="utrecht-button utrecht-button--primary-action" disabled={busy || b.index >= b.items.length - 1} onClick={() => void run({ move: 'next' })}>
                  {t('live.next')}
                </button>
                {b.current && (
                  m.timer_started_at ? (
                    <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy} onClick={() => void run({ timer: 'stop' })}>{t('live.stop')}</button>
                  ) : (
                    <button type="button" className="utrecht-button utrecht-button--secondary-action" disabled={busy} onClick={() => void run({ timer: 'start' })}>{t('live.start')}</button>
                  )
                )}
                {b.current && !b.current.hidden && onAgenda(b.current) && (
                  <button type="button" className="utrecht-button utrecht-button--subtle" disabled={busy} onClick={() => void defer(b.current!)}>{t('live.defer')}</button>
                )}
              </div>
            )}
          </section>
          {b.current && !b.current.hidden && (
            <CurrentDecisions live={live} item={b.current} decisions={b.onCurrent} actions={actions} steer={steer} />
          )}
          <AllDecisions live={live} items={b.items} actions={actions} />
        </div>
        <aside className="kh-live__side" aria-label={t('live.agenda')}>
          <Watching live={live} />
          <section aria-labelledby="live-agenda">
            <Heading2 id="live-agenda">{t('live.agenda')}</Heading2>
            <ol className="kh-live__agenda">
              {b.items.map((it) => (
                <li key={it.id} aria-current={it.id === m.current_item_id ? 'step' : undefined} className={it.id === m.current_item_id ? 'kh-live__agenda-current' : undefined}>
                  {steer && it.id !== m.current_item_id && !it.hidden ? (
                    <button type="button" className="kh-linkbutton" aria-label={t('live.goToLabel', { title: it.title })} disabled={busy} onClick={() => void run({ move: 'item', item_id: it.id })}>
                      {title(it)}
                    </button>
                  ) : (
                    <span>{title(it)}</span>
                  )}
                  {!it.hidden && <> <RestrictedMarker visibility={it.visibility} /></>}
                  {running && hiddenInRoom.has(it.id) && <> <RoomHiddenMarker /></>}
                </li>
              ))}
            </ol>
            {running && hiddenInRoom.size > 0 && <p className="kh-muted" data-testid="room-legend">{t('room.hiddenLegend')}</p>}
          </section>
          <Attendance meeting={m} steer={steer} run={run} />
          {running && <DisplaysPanel live={live} />}
        </aside>
      </div>
    </div>
  );
}

/** RoomHiddenMarker marks an item the room view hides from the room. */
function RoomHiddenMarker() {
  const { t } = useI18n();
  return <span className="kh-room-hidden" data-testid="room-hidden">{t('room.hiddenInRoom')}</span>;
}

/**
 * Announcer tells screen-reader users who follow the meeting remotely what
 * changes without their doing: the current item and new decisions.
 */
function Announcer({ live, board }: { live: LiveMeeting; board: Board }) {
  const { t } = useI18n();
  const title = useItemTitle();
  const [text, setText] = useState('');
  const seen = useRef<{ current: ID | null | undefined; decisions: Set<ID> | undefined }>({ current: undefined, decisions: undefined });
  const current = live.meeting?.current_item_id;
  useEffect(() => {
    const s = seen.current;
    const parts: string[] = [];
    if (s.current !== undefined && current !== s.current && board.current) parts.push(t('live.nowCurrent', { title: title(board.current) }));
    if (s.decisions) {
      for (const d of live.decisions) {
        if (s.decisions.has(d.id)) continue;
        parts.push(t('live.newDecision', { item: title(board.items.find((it) => it.id === d.agenda_item_id)), text: d.text }));
      }
    }
    s.current = current;
    s.decisions = new Set(live.decisions.map((d) => d.id));
    if (parts.length) setText(parts.join(' '));
  }, [current, live.decisions]); // eslint-disable-line react-hooks/exhaustive-deps
  return <p role="status" aria-live="polite" className="kh-visually-hidden" data-testid="live-announce">{text}</p>;
}

function Watching({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const s = useSession();
  return (
    <section aria-labelledby="live-watching">
      <Heading2 id="live-watching">{t('live.watching', { count: live.presence.length })}</Heading2>
      <ul className="kh-plain-list" data-testid="presence">
        {live.presence.map((p) => <li key={p.user_id}>{personAndOrg(s, p, (name, organisation) => t('live.presentLabel', { name, organisation }))}</li>)}
      </ul>
    </section>
  );
}

/** attendees are the people who may be marked present: the invited, else the members' users. */
function useAttendees(m: Meeting) {
  const s = useSession();
  const { members } = useWorkspace();
  const orgs = new Set(m.participant_organisations.length ? m.participant_organisations : members.map((x) => x.organisation_id));
  const users = [...s.users.values()].filter((u) => (m.participant_users.length ? m.participant_users.includes(u.id) : orgs.has(u.organisation_id)));
  return byOrgAndLabel(users, (id) => orgName(s, id), unnamed());
}

function Attendance({ meeting: m, steer, run }: { meeting: Meeting; steer: boolean; run(c: LiveCommand): Promise<void> }) {
  const { t } = useI18n();
  const s = useSession();
  const people = useAttendees(m);
  // A person the directory does not hold (any more) shows as #id, never blank.
  const attendee = (id: ID) => {
    const u = s.users.get(id);
    return u ? personAndOrg(s, u, (name, organisation) => t('live.presentLabel', { name, organisation })) : userName(s, id);
  };
  // The box follows the click at once; the meeting's answer (or its event) settles it.
  const [pending, setPending] = useState(new Map<ID, boolean>());
  const mark = async (id: ID, present: boolean) => {
    setPending((p) => new Map(p).set(id, present));
    await run({ attendance: { user_id: id, present } });
    setPending((p) => {
      const n = new Map(p);
      n.delete(id);
      return n;
    });
  };
  return (
    <section aria-labelledby="live-attendance">
      <Heading2 id="live-attendance">{t('live.attendance')}</Heading2>
      {steer ? (
        <fieldset className="utrecht-form-fieldset kh-attendance">
          <legend className="kh-visually-hidden">{t('live.attendance')}</legend>
          {people.map((u) => (
            <label key={u.id} className="kh-check">
              <input
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
                checked={pending.get(u.id) ?? m.attendance.includes(u.id)}
                onChange={(e) => void mark(u.id, e.target.checked)}
              />
              {personAndOrg(s, u, (name, organisation) => t('live.presentLabel', { name, organisation }))}
            </label>
          ))}
        </fieldset>
      ) : (
        <ul className="kh-plain-list" data-testid="attendance">
          {m.attendance.map((id) => <li key={id}>{attendee(id)}</li>)}
        </ul>
      )}
    </section>
  );
}

/** ActionLine is an action made in the meeting, with its status as it is now. */
function ActionLine({ action: a }: { action: Action }) {
  const s = useSession();
  return (
    <li className="kh-live__action" data-testid="linked-action">
      <Link href={paths.action(a.workspace_id, a.id)}>{a.title}</Link> <ActionStatusBadge status={a.status} />{' '}
      <span className="kh-muted">{orgName(s, a.owner_organisation_id)}{a.lead_user_id ? `, ${userName(s, a.lead_user_id)}` : ''}</span>{' '}
      <RestrictedMarker visibility={a.visibility} />
    </li>
  );
}

function CurrentDecisions({ live, item, decisions, actions, steer }: { live: LiveMeeting; item: AgendaItem; decisions: Decision[]; actions: Action[]; steer: boolean }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const m = live.meeting!;
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [busy, setBusy] = useState(false);
  const [making, setMaking] = useState<ID>();
  const send = async (confirmed: boolean) => {
    setBusy(true);
    try {
      await mapi.recordDecision(m.id, draft, item.id, confirmed);
      setDraft('');
      setError(undefined);
      live.reload();
    } catch (e) {
      const w = warningsOf(e);
      if (w.length) setWarnings(w);
      else setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(false);
  };
  return (
    <section aria-labelledby="live-decisions">
      <Heading2 id="live-decisions">{t('live.decisions')}</Heading2>
      {decisions.length === 0 && <Paragraph>{t('live.noDecisions')}</Paragraph>}
      <ol className="kh-decisions" data-testid="current-decisions">
        {decisions.map((d) => (
          <li key={d.id} className="kh-decision">
            <p className="kh-decision__text">{d.text}</p>
            <p className="kh-muted"><time dateTime={d.decided_at}>{formatDateTime(d.decided_at)}</time> <RestrictedMarker visibility={d.visibility} /></p>
            <DecisionEdit decision={d} steer={steer} onSaved={live.reload} />
            <ul className="kh-plain-list">
              {actions.filter((a) => d.action_ids.includes(a.id)).map((a) => <ActionLine key={a.id} action={a} />)}
            </ul>
            {steer && making !== d.id && (
              <button type="button" className="utrecht-button utrecht-button--secondary-action kh-small-button" onClick={() => setMaking(d.id)}>
                {t('live.makeAction')}
              </button>
            )}
            {steer && making === d.id && <ActionFromDecision decision={d} onDone={() => { setMaking(undefined); live.reload(); }} />}
          </li>
        ))}
      </ol>
      {steer && (
        <form className="kh-form" onSubmit={submit} noValidate>
          <div className={`utrecht-form-field${error?.field === 'text' ? ' utrecht-form-field--invalid' : ''}`}>
            <label htmlFor="decision-text" className="utrecht-form-label">{t('live.decisionText')}</label>
            {error && <p id="decision-error" className="utrecht-form-field-error-message" role="alert">{text(error)}</p>}
            <textarea
              id="decision-text"
              rows={3}
              className="utrecht-textarea utrecht-textarea--html-textarea"
              value={draft}
              aria-describedby={error ? 'decision-error' : undefined}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setDraft(e.target.value)}
            />
          </div>
          <div className="kh-buttons">
            <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>{t('live.record')}</button>
          </div>
        </form>
      )}
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          onCancel={() => { setWarnings(undefined); document.getElementById('decision-text')?.focus(); }}
          onConfirm={() => { setWarnings(undefined); void send(true); }}
        />
      )}
    </section>
  );
}

/** ActionFromDecision makes an action from a decision: title, owner organisation, lead and due date. */
function ActionFromDecision({ decision: d, onDone }: { decision: Decision; onDone(): void }) {
  const { t } = useI18n();
  const s = useSession();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const { members } = useWorkspace();
  const [title, setTitle] = useState(d.text.slice(0, 200));
  const [owner, setOwner] = useState(String(s.me.organisation.id));
  const [lead, setLead] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [busy, setBusy] = useState(false);
  const leads = [...s.users.values()].filter((u) => String(u.organisation_id) === owner);
  const prefix = `da-${d.id}`;
  const send = async (confirmed: boolean) => {
    setBusy(true);
    try {
      await mapi.actionFromDecision(d.id, {
        title, owner_organisation_id: Number(owner), lead_user_id: lead ? Number(lead) : null, due_date: due || null,
      }, confirmed);
      onDone();
    } catch (e) {
      const w = warningsOf(e);
      if (w.length) setWarnings(w);
      else setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const errField = error?.field;
  const fieldError = (f: string, id: string) => errField === f && error ? <p id={`${id}-error`} className="utrecht-form-field-error-message">{text(error)}</p> : null;
  return (
    <form className="kh-form kh-subform" onSubmit={(e) => { e.preventDefault(); void send(false); }} noValidate aria-label={t('live.makeAction')}>
      {error && !['title', 'owner_organisation_id', 'lead_user_id', 'due_date'].includes(errField ?? '') && (
        <ErrorNote>{text(error)}</ErrorNote>
      )}
      <div className="utrecht-form-field">
        <label htmlFor={`${prefix}-title`} className="utrecht-form-label">{t('live.actionTitle')}</label>
        {fieldError('title', `${prefix}-title`)}
        <input id={`${prefix}-title`} type="text" className="utrecht-textbox utrecht-textbox--html-input" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="utrecht-form-field">
        <label htmlFor={`${prefix}-owner`} className="utrecht-form-label">{t('live.actionOwner')}</label>
        {fieldError('owner_organisation_id', `${prefix}-owner`)}
        <select id={`${prefix}-owner`} className="utrecht-select utrecht-select--html-select" value={owner} onChange={(e) => { setOwner(e.target.value); setLead(''); }}>
          {members.map((x) => <option key={x.organisation_id} value={x.organisation_id}>{x.organisation.name}</option>)}
        </select>
      </div>
      <div className="utrecht-form-field">
        <label htmlFor={`${prefix}-lead`} className="utrecht-form-label">{t('live.actionLead')}</label>
        {fieldError('lead_user_id', `${prefix}-lead`)}
        <select id={`${prefix}-lead`} className="utrecht-select utrecht-select--html-select" value={lead} onChange={(e) => setLead(e.target.value)}>
          <option value="">{t('form.noLead')}</option>
          {leads.map((u) => <option key={u.id} value={u.id}>{personName(s, u)}</option>)}
        </select>
      </div>
      <div className="utrecht-form-field">
        <label htmlFor={`${prefix}-due`} className="utrecht-form-label">{t('live.actionDue')}</label>
        {fieldError('due_date', `${prefix}-due`)}
        <input id={`${prefix}-due`} type="date" className="utrecht-textbox utrecht-textbox--html-input kh-short" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <div className="kh-buttons">
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>{t('live.actionSave')}</button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onDone}>{t('live.actionCancel')}</button>
      </div>
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          onCancel={() => setWarnings(undefined)}
          onConfirm={() => { setWarnings(undefined); void send(true); }}
        />
      )}
    </form>
  );
}

/** AllDecisions lists every decision of the meeting as it is made, with the actions made from it. */
function AllDecisions({ live, items, actions }: { live: LiveMeeting; items: AgendaItem[]; actions: Action[] }) {
  const { t } = useI18n();
  const title = useItemTitle();
  const order = new Map(items.map((it, i) => [it.id, i]));
  const ds = [...live.decisions].sort((a, b) => (order.get(a.agenda_item_id) ?? 0) - (order.get(b.agenda_item_id) ?? 0) || a.id - b.id);
  return (
    <section aria-labelledby="live-all" className="kh-live__all">
      <h2 id="live-all" className="utrecht-heading-2">{t('live.allDecisions')}</h2>
      {ds.length === 0 && <Paragraph>{t('live.noneYet')}</Paragraph>}
      <ol className="kh-decisions" data-testid="all-decisions">
        {ds.map((d) => (
          <li key={d.id} className="kh-decision">
            <p className="kh-muted">{t('live.onItem', { item: title(items.find((it) => it.id === d.agenda_item_id)) })}</p>
            <p className="kh-decision__text">{d.text}</p>
            <ul className="kh-plain-list">
              {actions.filter((a) => d.action_ids.includes(a.id)).map((a) => <ActionLine key={a.id} action={a} />)}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
