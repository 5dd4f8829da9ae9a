// Small corrections during preparation and the meeting: the chair, the
// minute-taker or a regisseur corrects a decision's text on the live board;
// the organisation that proposed an agenda item changes its title and notes
// while it is still a proposal. Both ask before saving text that looks like
// personal data, and both show the newer text beside the user's when
// someone else changed it meanwhile.
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { ApiError } from '../api/client';
import { mayItem, warningsOf, type AgendaItem, type AgendaItemPatch, type Decision, type PersonalDataWarning } from '../api/meetings';
import { useI18n } from '../i18n/i18n';
import { ConflictDialog } from '../ui/ConflictDialog';
import { useErrorText } from '../ui/ErrorAlert';
import { asApiError, ErrorNote, PersonalDataDialog, useMeetingsApi } from './common';

/** useToggle is an edit form's open state, with the focus back on its button when it closes. */
function useToggle(): { open: boolean; show(): void; hide(): void; button: RefObject<HTMLButtonElement | null> } {
  const [open, setOpen] = useState(false);
  const [closed, setClosed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (closed && !open) button.current?.focus();
    setClosed(false);
  }, [closed, open]);
  return { open, show: () => setOpen(true), hide: () => { setOpen(false); setClosed(true); }, button };
}

/** DecisionEdit corrects the text of a decision; only those who run the live meeting see it. */
export function DecisionEdit({ decision: d, steer, onSaved }: { decision: Decision; steer: boolean; onSaved(): void }) {
  const { t } = useI18n();
  const toggle = useToggle();
  if (!steer) return null;
  if (!toggle.open) {
    return (
      <button ref={toggle.button} type="button" className="utrecht-button utrecht-button--subtle kh-small-button" aria-label={t('decisionEdit.editLabel', { text: d.text.slice(0, 80) })} onClick={toggle.show}>
        {t('decisionEdit.edit')}
      </button>
    );
  }
  return <DecisionForm decision={d} onDone={(saved) => { toggle.hide(); if (saved) onSaved(); }} />;
}

function DecisionForm({ decision: d, onDone }: { decision: Decision; onDone(saved: boolean): void }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  const [base, setBase] = useState(d);
  const [draft, setDraft] = useState(d.text);
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [conflict, setConflict] = useState<Decision>();
  const [busy, setBusy] = useState(false);
  const id = `de-${d.id}`;
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);

  const send = async (on: Decision, confirmed: boolean) => {
    setBusy(true);
    try {
      await mapi.updateDecision(on, draft, confirmed);
      onDone(true);
    } catch (e) {
      const err = asApiError(e);
      const w = warningsOf(err);
      if (w.length) setWarnings(w);
      else if (err.isStale) setConflict(err.current as Decision);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft === base.text) return onDone(false);
    void send(base, false);
  };
  return (
    <form className="kh-form kh-subform" onSubmit={submit} noValidate>
      <div className={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={id} className="utrecht-form-label">{t('decisionEdit.label')}</label>
        {error && <p id={`${id}-error`} className="utrecht-form-field-error-message" role="alert">{text(error)}</p>}
        <textarea
          ref={area}
          id={id}
          rows={3}
          className="utrecht-textarea utrecht-textarea--html-textarea"
          value={draft}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
      </div>
      <div className="kh-buttons">
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>{t('decisionEdit.save')}</button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => onDone(false)}>{t('form.cancel')}</button>
      </div>
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          onCancel={() => { setWarnings(undefined); area.current?.focus(); }}
          onConfirm={() => { setWarnings(undefined); void send(base, true); }}
        />
      )}
      {conflict && (
        <ConflictDialog
          title={t('decisionEdit.conflictTitle')}
          fields={[{ label: t('decisionEdit.text'), mine: draft, theirs: conflict.text }]}
          onKeepMine={() => { const c = conflict; setConflict(undefined); setBase(c); void send(c, false); }}
          onTakeTheirs={() => { setConflict(undefined); onDone(true); }}
        />
      )}
    </form>
  );
}

/** ProposalEdit changes a proposed item's title and notes. */
export function ProposalEdit({ item: it, onSaved }: { item: AgendaItem; onSaved(): void }) {
  const { t } = useI18n();
  const toggle = useToggle();
  if (!mayItem(it, 'edit')) return null;
  if (!toggle.open) {
    return (
      <button ref={toggle.button} type="button" className="utrecht-button utrecht-button--subtle kh-small-button" aria-label={t('itemEdit.editLabel', { title: it.title })} onClick={toggle.show}>
        {t('itemEdit.edit')}
      </button>
    );
  }
  return <ProposalForm item={it} onDone={(saved) => { toggle.hide(); if (saved) onSaved(); }} />;
}

function ProposalForm({ item: it, onDone }: { item: AgendaItem; onDone(saved: boolean): void }) {
  const { t } = useI18n();
  const text = useErrorText();
  const mapi = useMeetingsApi();
  // base: what the form was filled from; target: the version a save is based on (newer after a conflict).
  const [base] = useState(it);
  const [target, setTarget] = useState(it);
  const [title, setTitle] = useState(it.title);
  const [notes, setNotes] = useState(it.notes);
  const [error, setError] = useState<ApiError>();
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [conflict, setConflict] = useState<AgendaItem>();
  const [busy, setBusy] = useState(false);
  const id = `ie-${it.id}`;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  // Only what the user changed against the version the form was filled
  // from, so that keeping theirs on top of a newer version touches nothing else.
  const patch: AgendaItemPatch = {
    ...(title !== base.title ? { title } : {}),
    ...(notes !== base.notes ? { notes } : {}),
  };

  const send = async (on: AgendaItem, confirmed: boolean) => {
    if (Object.keys(patch).length === 0) return onDone(false);
    setBusy(true);
    try {
      await mapi.updateItem(on, patch, confirmed);
      onDone(true);
    } catch (e) {
      const err = asApiError(e);
      const w = warningsOf(err);
      if (w.length) setWarnings(w);
      else if (err.isStale) setConflict(err.current as AgendaItem);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(target, false);
  };
  const errField = error?.field;
  const fieldError = (f: string) => (error && errField === f ? <p id={`${id}-${f}-error`} className="utrecht-form-field-error-message">{text(error)}</p> : null);
  return (
    <form className="kh-form kh-subform" onSubmit={submit} noValidate aria-label={t('itemEdit.editLabel', { title: it.title })}>
      {error && errField !== 'title' && errField !== 'notes' && <ErrorNote>{text(error)}</ErrorNote>}
      <div className={`utrecht-form-field${errField === 'title' ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={`${id}-title`} className="utrecht-form-label">{t('itemEdit.title')}</label>
        {fieldError('title')}
        <input
          ref={first}
          id={`${id}-title`}
          type="text"
          className="utrecht-textbox utrecht-textbox--html-input"
          aria-required="true"
          aria-invalid={errField === 'title' || undefined}
          aria-describedby={errField === 'title' ? `${id}-title-error` : undefined}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className={`utrecht-form-field${errField === 'notes' ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={`${id}-notes`} className="utrecht-form-label">{t('itemEdit.notes')}</label>
        {fieldError('notes')}
        <textarea
          id={`${id}-notes`}
          rows={3}
          className="utrecht-textarea utrecht-textarea--html-textarea"
          aria-invalid={errField === 'notes' || undefined}
          aria-describedby={errField === 'notes' ? `${id}-notes-error` : undefined}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      <div className="kh-buttons">
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>{t('itemEdit.save')}</button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => onDone(false)}>{t('form.cancel')}</button>
      </div>
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          onCancel={() => { setWarnings(undefined); document.getElementById(`${id}-notes`)?.focus(); }}
          onConfirm={() => { setWarnings(undefined); void send(target, true); }}
        />
      )}
      {conflict && (
        <ConflictDialog
          title={t('itemEdit.conflictTitle')}
          fields={[
            ...(patch.title !== undefined ? [{ label: t('itemEdit.title'), mine: title, theirs: conflict.title }] : []),
            ...(patch.notes !== undefined ? [{ label: t('itemEdit.notes'), mine: notes, theirs: conflict.notes }] : []),
          ]}
          onKeepMine={() => { const c = conflict; setConflict(undefined); setTarget(c); void send(c, false); }}
          onTakeTheirs={() => { setConflict(undefined); onDone(true); }}
        />
      )}
    </form>
  );
}
