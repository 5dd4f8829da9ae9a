// Escalating an action into the driehoek from its detail page, with the
// user's question to the driehoek (the only text that goes forward), and
// what it was put forward as, with the decisions on it (as far as the
// viewer may see).
import { useState, type FormEvent } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { warningsOf, type PersonalDataWarning } from '../api/meetings';
import type { Action } from '../api/types';
import { mayOn } from '../actions';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, paths } from '../router';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { asApiError, ErrorNote, PersonalDataDialog, useMeetingsApi } from './common';

/** Escalation is the driehoek section of an action's page. */
export function Escalation({ action: a }: { action: Action }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const { workspace: ws, ticks } = useWorkspace();
  const list = useLoad(() => mapi.escalations(a.id), [a.id, ticks.any]);
  // The targets come from the hub: a theme partner need not be a member of
  // the driehoek it may put its action forward to.
  const targets = useLoad(() => mapi.escalationTargets(ws.id), [ws.id, ticks.any]);
  const driehoeken = (targets.data ?? []).filter((x) => x.accepts_items && x.workspace_id !== ws.id);
  const may = mayOn(a, 'escalate') && driehoeken.length > 0;
  const [chosen, setTarget] = useState('');
  const target = chosen || String(driehoeken[0]?.workspace_id ?? '');
  const [question, setQuestion] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (confirmed: boolean) => {
    setBusy(true);
    try {
      await mapi.escalateAction(a.id, { target_workspace_id: Number(target), question, ...(title.trim() ? { title } : {}) }, confirmed);
      setError(undefined);
      setQuestion('');
      setTitle('');
      const after = await mapi.escalations(a.id).catch(() => []);
      const last = after[after.length - 1];
      setDone(last ? t('esc.done', { meeting: last.meeting.title }) : '');
      list.reload();
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
    setDone('');
    void send(false);
  };
  const items = list.data ?? [];
  const errField = error?.field;
  const fieldError = (f: string) => (error && errField === f ? text(error) : undefined);
  const described = (id: string, f: string) => [`${id}-hint`, fieldError(f) ? `${id}-error` : ''].filter(Boolean).join(' ');
  const labelOf = (f: string) => (f === 'question' ? t('esc.question') : f === 'title' ? t('esc.title') : undefined);
  return (
    <section aria-labelledby="escalation">
      <Heading2 id="escalation">{t('esc.heading')}</Heading2>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      {list.data && items.length === 0 && <Paragraph>{t('esc.none')}</Paragraph>}
      {items.length > 0 && (
        <ul className="kh-plain-list" aria-label={t('esc.list')}>
          {items.map((x) => (
            <li key={x.item.id} className="kh-decision">
              <p className="kh-decision__text">
                {t('esc.item', { title: x.item.title })}{' '}
                <Link href={paths.meeting(x.meeting.id)}>{x.meeting.title}</Link>
                {' '}({formatDateTime(x.meeting.starts_at)}) · {t(`agenda.state.${x.item.state}`)}
              </p>
              <p className="kh-muted">{t('esc.decisions')}:</p>
              {x.decisions.length === 0 ? (
                <p className="kh-muted">{t('esc.noDecisions')}</p>
              ) : (
                <ul>{x.decisions.map((d) => <li key={d.id}>{d.text}</li>)}</ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="kh-done">{done}</p>
      {may && (
        <form className="kh-form" onSubmit={submit} noValidate>
          {error && <ErrorNote>{errField === 'question' || errField === 'title' ? t('esc.errors') : text(error)}</ErrorNote>}
          <div className={`utrecht-form-field${fieldError('question') ? ' utrecht-form-field--invalid' : ''}`}>
            <label htmlFor="esc-question" className="utrecht-form-label">{t('esc.question')}</label>
            <p id="esc-question-hint" className="utrecht-form-field-description">{t('esc.questionHint')}</p>
            {fieldError('question') && <p id="esc-question-error" className="utrecht-form-field-error-message">{fieldError('question')}</p>}
            <textarea id="esc-question" rows={3} className="utrecht-textarea utrecht-textarea--html-textarea" aria-required="true"
              aria-invalid={errField === 'question' || undefined} aria-describedby={described('esc-question', 'question')}
              value={question} onChange={(e) => setQuestion(e.target.value)} />
          </div>
          <div className={`utrecht-form-field${fieldError('title') ? ' utrecht-form-field--invalid' : ''}`}>
            <label htmlFor="esc-title" className="utrecht-form-label">{t('esc.title')}</label>
            <p id="esc-title-hint" className="utrecht-form-field-description">{t('esc.titleHint')}</p>
            {fieldError('title') && <p id="esc-title-error" className="utrecht-form-field-error-message">{fieldError('title')}</p>}
            <input id="esc-title" type="text" className="utrecht-textbox utrecht-textbox--html-input"
              aria-invalid={errField === 'title' || undefined} aria-describedby={described('esc-title', 'title')}
              value={title} onChange={(e) => setTitle(e.target.value)} />
          </div>
          {driehoeken.length > 1 && (
            <div className="utrecht-form-field">
              <label htmlFor="esc-target" className="utrecht-form-label">{t('esc.target')}</label>
              <select id="esc-target" className="utrecht-select utrecht-select--html-select" value={target} onChange={(e) => setTarget(e.target.value)}>
                {driehoeken.map((m) => <option key={m.workspace_id} value={m.workspace_id}>{m.workspace_title}</option>)}
              </select>
            </div>
          )}
          <div className="kh-buttons">
            <button type="submit" className="utrecht-button utrecht-button--secondary-action" disabled={busy}>
              {driehoeken.length === 1 ? `${t('esc.button')}: ${driehoeken[0]!.workspace_title}` : t('esc.button')}
            </button>
          </div>
        </form>
      )}
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          label={labelOf}
          editTarget={warnings[0]?.field === 'title' ? 'esc-title' : 'esc-question'}
          onCancel={() => setWarnings(undefined)}
          onConfirm={() => { setWarnings(undefined); void send(true); }}
        />
      )}
    </section>
  );
}
