// Meeting preparation: the plan, the state buttons, the agenda (ordered by
// drag and drop or with keyboard buttons, timed), the proposals to accept or
// reject, and the form to propose an item. Everything follows the meeting's
// topic, so every partner sees the agenda change as it is made.
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { Alert, Heading2, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import {
  agendaKinds, allowedMoves, allowedOf, mayMeeting, exportsURL, moveTarget, onAgenda, warningsOf,
  type AgendaItem, type AgendaItemInput, type AgendaKind, type Meeting, type MeetingState, type PersonalDataWarning,
} from '../api/meetings';
import type { ID } from '../api/types';
import { formatDateTime, formatNumber, useI18n } from '../i18n/i18n';
import { useWorkspace } from '../live';
import { Link, paths } from '../router';
import { byLabel } from '../people';
import { orgName, personAndOrg, unnamed, userName, useSession } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { RestrictedMarker } from '../ui/Restricted';
import {
  asApiError, ErrorNote, isURL, MeetingStateBadge, PersonalDataDialog, useMeetingsApi, VisibilityPicker, visibilityOf, type VisibilityValue,
} from './common';
import type { LiveMeeting } from './useLiveMeeting';
import { PlanEditor } from './PlanEditor';
import { ProposalEdit } from './Corrections';

/** MeetingPrep is the page of one meeting before and around its run. */
export function MeetingPrep({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const s = useSession();
  const { workspace: ws } = useWorkspace();
  const m = live.meeting!;
  const open = m.state !== 'afgerond' && m.state !== 'gearchiveerd';
  const mayPropose = mayMeeting(m, 'propose');
  return (
    <>
      <Paragraph><Link href={paths.meetings(ws.id)}>{t('meeting.back', { workspace: ws.title })}</Link></Paragraph>
      <PageTitle>{m.title}</PageTitle>
      <p className="kh-detail-badges">
        <MeetingStateBadge state={m.state} /> <span className="kh-muted">{t(`meeting.kind.${m.kind}`)}</span>
      </p>
      <ErrorAlert error={live.error} onRetry={live.reload} />
      <StateControls live={live} />
      <section aria-labelledby="m-details">
        <Heading2 id="m-details">{t('meeting.details')}</Heading2>
        <dl className="kh-dl">
          <dt>{t('meeting.start')}</dt>
          <dd><time dateTime={m.starts_at}>{formatDateTime(m.starts_at)}</time></dd>
          <dt>{t('meeting.duration')}</dt>
          <dd>{t('meeting.minutes', { minutes: formatNumber(m.duration_minutes) })}</dd>
          <dt>{t('meeting.location')}</dt>
          <dd>{m.location ? (isURL(m.location) ? <a className="utrecht-link" href={m.location}>{m.location}</a> : m.location) : t('action.none')}</dd>
          <dt>{t('meeting.chair')}</dt>
          <dd>{userName(s, m.chair_user_id) || t('action.none')}</dd>
          <dt>{t('meeting.recurrence')}</dt>
          <dd>{m.recur_every_weeks === 0 ? t('meeting.once') : m.recur_every_weeks === 1 ? t('meeting.everyWeek') : t('meeting.everyWeeks', { n: m.recur_every_weeks })}</dd>
        </dl>
        <PlanEditor live={live} />
      </section>
      <AgendaEditor live={live} />
      <Proposals live={live} />
      {mayPropose && <ProposeForm meeting={m} onSaved={live.reload} />}
      {!mayPropose && ws.my_role === 'partner' && open && <Paragraph>{t('propose.closed')}</Paragraph>}
    </>
  );
}

/** StateControls shows the state and only the moves the viewer may make now, and the meeting's links. */
function StateControls({ live }: { live: LiveMeeting }) {
  const { t, lang } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const m = live.meeting!;
  const [error, setError] = useState<ApiError>();
  const [allowed, setAllowed] = useState<MeetingState[]>();
  const [busy, setBusy] = useState(false);
  const moves = allowedMoves(m);
  const label = (to: MeetingState) => t(m.state === 'agenda_vastgesteld' && to === 'agenda_open' ? 'meeting.move.reopen' : `meeting.move.${to}`);
  const go = async (to: MeetingState) => {
    setBusy(true);
    try {
      live.setMeeting(await mapi.transition(m, to));
      setError(undefined);
      setAllowed(undefined);
    } catch (e) {
      const err = asApiError(e);
      if (err.isStale) live.setMeeting(err.current as Meeting);
      setAllowed(err.status === 409 && !err.isStale ? allowedOf(err) : undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const showBoard = m.state === 'live' || m.state === 'afgerond' || m.state === 'gearchiveerd';
  return (
    <section aria-labelledby="m-state" className="kh-mstate-panel">
      <Heading2 id="m-state">{t('meeting.stateHeading')}</Heading2>
      <Paragraph>{t('meeting.stateNow', { state: t(`meeting.state.${m.state}`) })}</Paragraph>
      {error && (
        <Alert type="error" role="alert">
          <Paragraph>{error.isStale ? t('meeting.changed') : text(error)}</Paragraph>
          {allowed && (
            <Paragraph>
              {t('meeting.allowedNow', { allowed: allowed.length ? allowed.map((a) => t(`meeting.state.${a}`)).join(', ') : t('meeting.noneAllowed') })}
            </Paragraph>
          )}
        </Alert>
      )}
      {moves.length > 0 && (
        <div className="kh-buttons">
          {moves.map((to) => (
            <button
              key={to}
              type="button"
              className={`utrecht-button ${to === 'concept' || (to === 'agenda_open' && m.state !== 'concept') ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}
              disabled={busy}
              onClick={() => void go(to)}
            >
              {label(to)}
            </button>
          ))}
        </div>
      )}
      <ul className="kh-plain-list kh-meeting-links">
        {showBoard && <li><Link href={paths.meetingLive(m.id)}>{t('meeting.liveBoard')}</Link></li>}
        {showBoard && <li><Link href={paths.meetingProjector(m.id)} onClick={enterFullscreen}>{t('meeting.projector')}</Link></li>}
        <li><a className="utrecht-link" href={exportsURL.decisionList(m.id, 'html', lang)}>{t('meeting.decisionListHtml')}</a></li>
        <li><a className="utrecht-link" href={exportsURL.decisionList(m.id, 'pdf', lang)}>{t('meeting.decisionListPdf')}</a></li>
      </ul>
    </section>
  );
}

/** enterFullscreen asks for full screen on the click that opens projector mode (a user gesture). */
export function enterFullscreen(): void {
  document.documentElement.requestFullscreen?.().catch(() => {
    // Refused (an iframe, a policy): the projector page fills the window anyway.
  });
}

/** itemTitle is an item's title, or the placeholder for a besloten agendapunt. */
export function useItemTitle(): (it: AgendaItem | undefined) => string {
  const { t } = useI18n();
  return (it) => (!it ? '' : it.hidden ? t('agenda.hidden') : it.title);
}

/**
 * AgendaEditor lists the items on the agenda by position. The regisseur
 * orders them by dragging, or with the Omhoog and Omlaag buttons, which keep
 * the focus on the moved item and announce its new place; and sets minutes.
 */
function AgendaEditor({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const m = live.meeting!;
  const title = useItemTitle();
  const items = live.agenda.filter(onAgenda).sort((a, b) => a.position - b.position);
  const editable = mayMeeting(m, 'edit');
  const [announce, setAnnounce] = useState('');
  const [error, setError] = useState<ApiError>();
  const [focus, setFocus] = useState<{ id: ID; dir: -1 | 1 }>();
  const [dragged, setDragged] = useState<ID>();
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (!focus) return;
    buttons.current.get(`${focus.id}:${focus.dir}`)?.focus();
    setFocus(undefined);
  }, [focus, live.agenda]);

  const moveTo = async (it: AgendaItem, position: number, dir?: -1 | 1) => {
    try {
      const agenda = await mapi.moveItem(it, position);
      live.setAgenda(agenda);
      const now = agenda.filter(onAgenda).sort((a, b) => a.position - b.position);
      const place = now.findIndex((x) => x.id === it.id) + 1;
      setAnnounce(t('agenda.moved', { title: it.title, position: place, count: now.length }));
      setError(undefined);
      if (dir) setFocus({ id: it.id, dir });
    } catch (e) {
      const er = asApiError(e);
      if (er.isStale) live.reload();
      setError(er);
    }
  };
  const step = (it: AgendaItem, dir: -1 | 1) => {
    const to = moveTarget(items, it.id, dir);
    if (to !== undefined) void moveTo(it, to, dir);
  };
  const drop = (e: DragEvent, target: AgendaItem) => {
    e.preventDefault();
    const it = items.find((x) => x.id === dragged);
    setDragged(undefined);
    if (it && it.id !== target.id) void moveTo(it, target.position);
  };
  const total = items.reduce((n, it) => n + (it.hidden ? 0 : it.minutes_planned), 0);

  return (
    <section aria-labelledby="m-agenda">
      <Heading2 id="m-agenda">{t('agenda.heading')}</Heading2>
      {editable && items.length > 1 && <Paragraph className="kh-muted">{t('agenda.dragHint')}</Paragraph>}
      <p role="status" aria-live="polite" className="kh-visually-hidden" data-testid="agenda-announce">{announce}</p>
      {error && <ErrorNote>{error.isStale ? t('meeting.changed') : text(error)}</ErrorNote>}
      {items.length === 0 && <Paragraph>{t('agenda.empty')}</Paragraph>}
      <ol className="kh-agenda" aria-labelledby="m-agenda">
        {items.map((it, i) => {
          const movable = editable && !it.hidden;
          return (
            <li
              key={it.id}
              className={`kh-agenda__item${it.hidden ? ' kh-agenda__item--hidden' : ''}${dragged === it.id ? ' kh-agenda__item--dragged' : ''}`}
              data-item-id={it.id}
              draggable={movable}
              onDragStart={movable ? (e) => { setDragged(it.id); e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(it.id)); } : undefined}
              onDragOver={editable && dragged !== undefined ? (e) => e.preventDefault() : undefined}
              onDrop={editable ? (e) => drop(e, it) : undefined}
              onDragEnd={() => setDragged(undefined)}
            >
              <span className="kh-agenda__number" aria-hidden="true">{i + 1}</span>
              <div className="kh-agenda__body">
                <p className="kh-agenda__title">
                  <span className="kh-visually-hidden">{t('agenda.number', { n: i + 1 })}: </span>
                  <span className="kh-agenda__name">{title(it)}</span> {!it.hidden && <RestrictedMarker visibility={it.visibility} />}
                </p>
                {it.hidden ? (
                  <p className="kh-agenda__meta">{t('agenda.hiddenNote')}</p>
                ) : (
                  <ItemMeta item={it} />
                )}
              </div>
              {movable && (
                <div className="kh-agenda__controls">
                  <MinutesInput item={it} onError={setError} onSaved={live.reload} />
                  <button
                    type="button"
                    className="utrecht-button utrecht-button--secondary-action kh-small-button"
                    aria-label={t('agenda.upLabel', { title: it.title })}
                    aria-disabled={i === 0 || undefined}
                    ref={(el) => void (el ? buttons.current.set(`${it.id}:-1`, el) : buttons.current.delete(`${it.id}:-1`))}
                    onClick={() => step(it, -1)}
                  >
                    <span aria-hidden="true">↑ </span>{t('agenda.up')}
                  </button>
                  <button
                    type="button"
                    className="utrecht-button utrecht-button--secondary-action kh-small-button"
                    aria-label={t('agenda.downLabel', { title: it.title })}
                    aria-disabled={i === items.length - 1 || undefined}
                    ref={(el) => void (el ? buttons.current.set(`${it.id}:1`, el) : buttons.current.delete(`${it.id}:1`))}
                    onClick={() => step(it, 1)}
                  >
                    <span aria-hidden="true">↓ </span>{t('agenda.down')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {items.length > 0 && <Paragraph className="kh-muted">{t('agenda.total', { minutes: formatNumber(total) })}</Paragraph>}
    </section>
  );
}

/** ItemMeta is the small print of a visible item: kind, minutes, presenter, proposer, state. */
export function ItemMeta({ item: it }: { item: AgendaItem }) {
  const { t } = useI18n();
  const s = useSession();
  const parts: ReactNode[] = [t(`agenda.kind.${it.kind}`)];
  if (it.minutes_planned) parts.push(t('agenda.minutesShort', { minutes: it.minutes_planned }));
  if (it.presenter_user_id) parts.push(t('agenda.presenter', { name: userName(s, it.presenter_user_id) }));
  parts.push(t('agenda.proposedBy', { organisation: orgName(s, it.proposed_by_organisation_id) }));
  if (it.state === 'besproken') parts.push(t('agenda.state.besproken'));
  if (it.source_action_id) parts.push(t('agenda.fromAction'));
  return <p className="kh-agenda__meta">{parts.join(' · ')}</p>;
}

/** MinutesInput sets an item's planned minutes when the field is left or Enter is pressed. */
function MinutesInput({ item: it, onError, onSaved }: { item: AgendaItem; onError(e: ApiError | undefined): void; onSaved(): void }) {
  const { t } = useI18n();
  const mapi = useMeetingsApi();
  const [value, setValue] = useState(String(it.minutes_planned));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setValue(String(it.minutes_planned));
  }, [it.minutes_planned, editing]);
  const save = async () => {
    setEditing(false);
    const n = Number(value);
    if (value === '' || !Number.isInteger(n) || n === it.minutes_planned) return;
    try {
      await mapi.updateItem(it, { minutes_planned: n });
      onError(undefined);
      onSaved();
    } catch (e) {
      onError(asApiError(e));
    }
  };
  const id = `minutes-${it.id}`;
  return (
    <span className="kh-minutes">
      <label htmlFor={id} className="kh-visually-hidden">{t('agenda.minutesOf', { title: it.title })}</label>
      <input
        id={id}
        type="number"
        min={0}
        max={480}
        inputMode="numeric"
        className="utrecht-textbox utrecht-textbox--html-input kh-minutes__input"
        value={value}
        onFocus={() => setEditing(true)}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void save(); } }}
      />
      <span aria-hidden="true"> min.</span>
    </span>
  );
}

/** Proposals lists open and rejected proposals; the regisseur accepts or rejects them. */
function Proposals({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const m = live.meeting!;
  const [error, setError] = useState<ApiError>();
  const decide = mayMeeting(m, 'edit');
  const proposed = live.agenda.filter((it) => it.state === 'voorgesteld' && !it.hidden);
  const rejected = live.agenda.filter((it) => it.state === 'afgewezen' && !it.hidden);
  const set = async (it: AgendaItem, state: 'geaccepteerd' | 'afgewezen') => {
    try {
      await mapi.updateItem(it, { state });
      setError(undefined);
      live.reload();
    } catch (e) {
      const er = asApiError(e);
      if (er.isStale) live.reload();
      setError(er);
    }
  };
  const row = (it: AgendaItem, actions: ('geaccepteerd' | 'afgewezen')[]) => (
    <li key={it.id} className="kh-agenda__item" data-item-id={it.id}>
      <div className="kh-agenda__body">
        <p className="kh-agenda__title"><span className="kh-agenda__name">{it.title}</span> <RestrictedMarker visibility={it.visibility} /></p>
        <ItemMeta item={it} />
        {it.notes && <p className="kh-agenda__notes">{it.notes}</p>}
        <ProposalEdit item={it} onSaved={live.reload} />
      </div>
      {decide && (
        <div className="kh-agenda__controls">
          {actions.map((st) => (
            <button
              key={st}
              type="button"
              className={`utrecht-button kh-small-button ${st === 'geaccepteerd' ? 'utrecht-button--primary-action' : 'utrecht-button--secondary-action'}`}
              aria-label={t(st === 'geaccepteerd' ? 'agenda.acceptLabel' : 'agenda.rejectLabel', { title: it.title })}
              onClick={() => void set(it, st)}
            >
              {t(st === 'geaccepteerd' ? 'agenda.accept' : 'agenda.reject')}
            </button>
          ))}
        </div>
      )}
    </li>
  );
  return (
    <section aria-labelledby="m-proposals">
      <Heading2 id="m-proposals">{t('agenda.proposals')}</Heading2>
      {error && <ErrorNote>{error.isStale ? t('meeting.changed') : text(error)}</ErrorNote>}
      {proposed.length === 0 && <Paragraph>{t('agenda.noProposals')}</Paragraph>}
      <ul className="kh-agenda" aria-labelledby="m-proposals">{proposed.map((it) => row(it, ['geaccepteerd', 'afgewezen']))}</ul>
      {rejected.length > 0 && (
        <>
          <h3 className="utrecht-heading-3" id="m-rejected">{t('agenda.rejected')}</h3>
          <ul className="kh-agenda" aria-labelledby="m-rejected">{rejected.map((it) => row(it, ['geaccepteerd']))}</ul>
        </>
      )}
    </section>
  );
}

interface ProposeValues {
  title: string;
  notes: string;
  kind: AgendaKind;
  presenter: string;
  minutes: string;
  vis: VisibilityValue;
}

const emptyProposal: ProposeValues = { title: '', notes: '', kind: 'bespreken', presenter: '', minutes: '10', vis: { scope: 'workspace', organisations: [], users: [] } };

/**
 * ProposeForm proposes an item (a partner) or adds one (the regisseur). Text
 * that looks like personal data is saved only after the user confirms.
 */
function ProposeForm({ meeting: m, onSaved }: { meeting: Meeting; onSaved(): void }) {
  const { t } = useI18n();
  const s = useSession();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const { workspace: ws, members } = useWorkspace();
  const [v, setV] = useState<ProposeValues>(emptyProposal);
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const regisseur = ws.my_role === 'regisseur';
  const memberOrgs = new Set(members.map((x) => x.organisation_id));
  const presenters = byLabel([...s.users.values()].filter((u) => memberOrgs.has(u.organisation_id)), (id) => orgName(s, id), unnamed());
  const set = <K extends keyof ProposeValues>(k: K, val: ProposeValues[K]) => setV((old) => ({ ...old, [k]: val }));
  const errField = error?.field?.split(/[.[]/)[0];
  const errorFor = (f: string) => (error && errField === f ? text(error) : undefined);

  const send = async (confirmed: boolean) => {
    setBusy(true);
    const input: AgendaItemInput = {
      title: v.title, notes: v.notes, kind: v.kind,
      presenter_user_id: v.presenter ? Number(v.presenter) : null,
      minutes_planned: v.minutes === '' ? 0 : Number(v.minutes),
      visibility: visibilityOf(v.vis),
    };
    try {
      const it = await mapi.propose(m.id, input, confirmed);
      setV(emptyProposal);
      setError(undefined);
      setDone(t('propose.sent', { title: it.title }));
      onSaved();
    } catch (e) {
      const w = warningsOf(e);
      if (w.length > 0) setWarnings(w);
      else setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone('');
    void send(false);
  };
  const field = (name: string, id: string, label: string, control: (describedBy: string | undefined) => ReactNode) => {
    const er = errorFor(name);
    return (
      <div className={`utrecht-form-field${er ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={id} className="utrecht-form-label">{label}</label>
        {er && <p id={`${id}-error`} className="utrecht-form-field-error-message">{er}</p>}
        {control(er ? `${id}-error` : undefined)}
      </div>
    );
  };
  return (
    <section aria-labelledby="m-propose">
      <Heading2 id="m-propose">{t(regisseur ? 'propose.headingRegisseur' : 'propose.heading')}</Heading2>
      <p role="status" className="kh-done">{done}</p>
      {error && !errField && <ErrorNote>{text(error)}</ErrorNote>}
      {error && errField && <ErrorNote>{t('propose.errors')}</ErrorNote>}
      <form className="kh-form" onSubmit={submit} noValidate>
        {field('title', 'p-title', t('propose.title'), (d) => (
          <input id="p-title" type="text" className="utrecht-textbox utrecht-textbox--html-input" aria-required="true" aria-describedby={d} aria-invalid={errField === 'title' || undefined} value={v.title} onChange={(e) => set('title', e.target.value)} />
        ))}
        {field('notes', 'p-notes', t('propose.notes'), (d) => (
          <textarea id="p-notes" rows={3} className="utrecht-textarea utrecht-textarea--html-textarea" aria-describedby={d} value={v.notes} onChange={(e) => set('notes', e.target.value)} />
        ))}
        {field('kind', 'p-kind', t('propose.kind'), (d) => (
          <select id="p-kind" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.kind} onChange={(e) => set('kind', e.target.value as AgendaKind)}>
            {agendaKinds.map((k) => <option key={k} value={k}>{t(`agenda.kind.${k}`)}</option>)}
          </select>
        ))}
        {field('presenter_user_id', 'p-presenter', t('propose.presenter'), (d) => (
          <select id="p-presenter" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.presenter} onChange={(e) => set('presenter', e.target.value)}>
            <option value="">{t('propose.noPresenter')}</option>
            {presenters.map((u) => <option key={u.id} value={u.id}>{personAndOrg(s, u, (name, organisation) => t('person.withOrg', { name, organisation }))}</option>)}
          </select>
        ))}
        {field('minutes_planned', 'p-minutes', t('propose.minutes'), (d) => (
          <input id="p-minutes" type="number" min={0} max={480} inputMode="numeric" className="utrecht-textbox utrecht-textbox--html-input kh-short" aria-describedby={d} value={v.minutes} onChange={(e) => set('minutes', e.target.value)} />
        ))}
        <VisibilityPicker
          name="p-scope"
          value={v.vis}
          onChange={(vis) => set('vis', vis)}
          members={members}
          creator={s.me.organisation.id}
          legend={t('propose.visibility')}
          orgsLegend={t('propose.visOrganisations')}
          error={errField === 'visibility' ? text(error!) : undefined}
        />
        <div className="kh-buttons">
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
            {t(regisseur ? 'propose.submitRegisseur' : 'propose.submit')}
          </button>
        </div>
      </form>
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          onCancel={() => { setWarnings(undefined); document.getElementById('p-notes')?.focus(); }}
          onConfirm={() => { setWarnings(undefined); void send(true); }}
        />
      )}
    </section>
  );
}
