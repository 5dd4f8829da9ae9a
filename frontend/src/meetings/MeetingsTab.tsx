// The workspace's "Overleggen" tab: its meetings with their state, planning
// a new one (regisseur), and the workspace's downloads.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, ButtonLink, Heading2, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { exportsURL, meetingKinds, type MeetingInput, type MeetingKind } from '../api/meetings';
import { formatDateTime, today, useI18n, type MessageKey } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, navigate, paths } from '../router';
import { byLabel } from '../people';
import { orgName, personName, unnamed, useSession } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { asApiError, MeetingStateBadge, useMeetingsApi } from './common';
import { DriehoekPrep } from './DriehoekPrep';
import { startsAt } from './plan';

/** MeetingsTab lists the workspace's meetings, live: each meeting event reloads it. */
export function MeetingsTab() {
  const { t, lang } = useI18n();
  const mapi = useMeetingsApi();
  const { workspace: ws, ticks } = useWorkspace();
  // Meetings are not among the subjects the workspace counts; any event may be one.
  const list = useLoad(() => mapi.meetings(ws.id), [ws.id, ticks.any]);
  const meetings = list.data ?? [];
  return (
    <>
      <PageTitle>{t('meetings.title', { workspace: ws.title })}</PageTitle>
      {ws.my_role === 'regisseur' && (
        <p>
          <ButtonLink appearance="primary-action-button" href={paths.newMeeting(ws.id)} onClick={(e) => { e.preventDefault(); navigate(paths.newMeeting(ws.id)); }}>
            {t('meetings.plan')}
          </ButtonLink>
        </p>
      )}
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && meetings.length === 0 && <Paragraph>{t('meetings.none')}</Paragraph>}
      {meetings.length > 0 && (
        <div className="kh-table-wrap">
          <table className="utrecht-table">
            <caption className="utrecht-table__caption">{t('meetings.caption', { count: meetings.length })}</caption>
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">{t('meetings.colTitle')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('meetings.colKind')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('meetings.colStart')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('meetings.colState')}</th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {meetings.map((m) => (
                <tr key={m.id} className="utrecht-table__row">
                  <td className="utrecht-table__cell"><Link href={paths.meeting(m.id)}>{m.title}</Link></td>
                  <td className="utrecht-table__cell">{t(`meeting.kind.${m.kind}`)}</td>
                  <td className="utrecht-table__cell"><time dateTime={m.starts_at}>{formatDateTime(m.starts_at)}</time></td>
                  <td className="utrecht-table__cell">
                    <MeetingStateBadge state={m.state} />
                    {m.state === 'live' && <> <Link href={paths.meetingLive(m.id)}>{t('meeting.liveBoard')}</Link></>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ws.theme === 'driehoek' && list.data && <DriehoekPrep meetings={meetings} />}
      <section aria-labelledby="ws-downloads">
        <Heading2 id="ws-downloads">{t('exports.heading')}</Heading2>
        <ul className="kh-plain-list">
          <li><a className="utrecht-link" href={exportsURL.actions(ws.id, 'csv', lang)} download>{t('exports.csv')}</a></li>
          <li><a className="utrecht-link" href={exportsURL.actions(ws.id, 'xlsx', lang)} download>{t('exports.xlsx')}</a></li>
          <li><a className="utrecht-link" href={exportsURL.progress('html', lang, ws.period || undefined)}>{t('exports.progress')}</a></li>
          <li><a className="utrecht-link" href={exportsURL.progress('pdf', lang, ws.period || undefined)}>{t('exports.progressPdf')}</a></li>
        </ul>
      </section>
    </>
  );
}

interface PlanValues {
  kind: MeetingKind;
  title: string;
  date: string;
  time: string;
  duration: string;
  location: string;
  chair: string;
  recur: string;
  openAgenda: boolean;
}

type PlanField = 'kind' | 'title' | 'starts_at' | 'duration_minutes' | 'location' | 'chair_user_id' | 'recur_every_weeks';

/** PlanMeeting is the regisseur's form to plan a meeting; nothing typed is lost on an error. */
export function PlanMeeting() {
  const s = useSession();
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const { workspace: ws, members } = useWorkspace();
  const [v, setV] = useState<PlanValues>({
    kind: ws.theme === 'driehoek' ? 'driehoek' : 'overig', title: '', date: today(), time: '09:00', duration: '60',
    location: '', chair: '', recur: '0', openAgenda: true,
  });
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  if (ws.my_role !== 'regisseur') return <><PageTitle>{t('plan.title')}</PageTitle><Paragraph>{t('plan.onlyRegisseur')}</Paragraph></>;

  const set = <K extends keyof PlanValues>(k: K, val: PlanValues[K]) => setV((old) => ({ ...old, [k]: val }));
  const memberOrgs = new Set(members.map((m) => m.organisation_id));
  const chairs = byLabel([...s.users.values()].filter((u) => memberOrgs.has(u.organisation_id)), (id) => orgName(s, id), unnamed());
  const errField = error?.field?.split(/[.[]/)[0] as PlanField | undefined;
  const errorFor = (f: PlanField) => (error && errField === f ? text(error) : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const input: MeetingInput = {
      kind: v.kind,
      title: v.title,
      starts_at: startsAt(v.date, v.time),
      duration_minutes: Number(v.duration) || 0,
      location: v.location,
      chair_user_id: v.chair ? Number(v.chair) : null,
      recur_every_weeks: Number(v.recur),
      state: v.openAgenda ? 'agenda_open' : 'concept',
    };
    try {
      const m = await mapi.createMeeting(ws.id, input);
      navigate(paths.meeting(m.id));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (f: PlanField, id: string, label: MessageKey, control: (describedBy: string | undefined) => ReactNode) => {
    const err = errorFor(f);
    return (
      <div className={`utrecht-form-field${err ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={id} className="utrecht-form-label">{t(label)}</label>
        {err && <p id={`${id}-error`} className="utrecht-form-field-error-message">{err}</p>}
        {control(err ? `${id}-error` : undefined)}
      </div>
    );
  };

  return (
    <>
      <Paragraph><Link href={paths.meetings(ws.id)}>{t('meeting.back', { workspace: ws.title })}</Link></Paragraph>
      <PageTitle>{t('plan.title')}</PageTitle>
      <div ref={summary} tabIndex={-1} className="kh-error-summary">
        {error && (
          <Alert type="error" role="alert">
            <Paragraph>{t('plan.errors')}</Paragraph>
            {!errField && <Paragraph>{text(error)}</Paragraph>}
          </Alert>
        )}
      </div>
      <form className="kh-form" onSubmit={submit} noValidate>
        {field('kind', 'm-kind', 'plan.kind', (d) => (
          <select id="m-kind" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.kind} onChange={(e) => set('kind', e.target.value as MeetingKind)}>
            {meetingKinds.map((k) => <option key={k} value={k}>{t(`meeting.kind.${k}`)}</option>)}
          </select>
        ))}
        {field('title', 'm-title', 'plan.name', (d) => (
          <input id="m-title" type="text" className="utrecht-textbox utrecht-textbox--html-input" aria-required="true" aria-describedby={d} aria-invalid={errField === 'title' || undefined} value={v.title} onChange={(e) => set('title', e.target.value)} />
        ))}
        {field('starts_at', 'm-date', 'plan.date', (d) => (
          <input id="m-date" type="date" className="utrecht-textbox utrecht-textbox--html-input kh-short" aria-describedby={d} aria-invalid={errField === 'starts_at' || undefined} value={v.date} onChange={(e) => set('date', e.target.value)} />
        ))}
        <div className="utrecht-form-field">
          <label htmlFor="m-time" className="utrecht-form-label">{t('plan.time')}</label>
          <input id="m-time" type="time" className="utrecht-textbox utrecht-textbox--html-input kh-short" value={v.time} onChange={(e) => set('time', e.target.value)} />
        </div>
        {field('duration_minutes', 'm-duration', 'plan.duration', (d) => (
          <input id="m-duration" type="number" min={0} max={1440} inputMode="numeric" className="utrecht-textbox utrecht-textbox--html-input kh-short" aria-describedby={d} value={v.duration} onChange={(e) => set('duration', e.target.value)} />
        ))}
        {field('location', 'm-location', 'plan.location', (d) => (
          <input id="m-location" type="text" className="utrecht-textbox utrecht-textbox--html-input" aria-describedby={d} value={v.location} onChange={(e) => set('location', e.target.value)} />
        ))}
        {field('chair_user_id', 'm-chair', 'plan.chair', (d) => (
          <select id="m-chair" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.chair} onChange={(e) => set('chair', e.target.value)}>
            <option value="">{t('plan.noChair')}</option>
            {chairs.map((u) => <option key={u.id} value={u.id}>{personName(s, u)}</option>)}
          </select>
        ))}
        {field('recur_every_weeks', 'm-recur', 'plan.recur', (d) => (
          <select id="m-recur" className="utrecht-select utrecht-select--html-select" aria-describedby={d} value={v.recur} onChange={(e) => set('recur', e.target.value)}>
            <option value="0">{t('meeting.once')}</option>
            <option value="1">{t('meeting.everyWeek')}</option>
            {[2, 3, 4, 6, 8].map((n) => <option key={n} value={n}>{t('meeting.everyWeeks', { n })}</option>)}
          </select>
        ))}
        <label className="kh-check">
          <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked={v.openAgenda} onChange={(e) => set('openAgenda', e.target.checked)} />
          {t('plan.openAgenda')}
        </label>
        <div className="kh-buttons">
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>{t('plan.save')}</button>
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => navigate(paths.meetings(ws.id))}>{t('form.cancel')}</button>
        </div>
      </form>
    </>
  );
}
