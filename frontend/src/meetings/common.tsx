// Pieces shared by the meeting screens: the meetings API of the session,
// the state badge, the visibility picker and the personal-data dialog.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Alert, Heading2, Paragraph } from '@utrecht/component-library-react';
import { ApiError } from '../api/client';
import { MeetingsApi, type MeetingState, type PersonalDataWarning } from '../api/meetings';
import type { ID, Membership, Visibility } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { orgName, useSession } from '../session';
import './meetings.css';

/** useMeetingsApi is the meetings part of the session's REST client. */
export function useMeetingsApi(): MeetingsApi {
  const { api } = useSession();
  return useMemo(() => new MeetingsApi(api), [api]);
}

/** asApiError makes every failure an ApiError, as the other screens do. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, { code: 'network' });
}

/** ErrorNote is an error message that concerns no single field. */
export function ErrorNote({ children }: { children: ReactNode }) {
  return <Alert type="error" role="alert"><Paragraph>{children}</Paragraph></Alert>;
}

export function MeetingStateBadge({ state }: { state: MeetingState }) {
  const { t } = useI18n();
  return <span className={`kh-mstate kh-mstate--${state}`} data-state={state}>{t(`meeting.state.${state}`)}</span>;
}

/** VisibilityValue is the picker's state: the whole workspace or chosen organisations. */
export interface VisibilityValue {
  scope: 'workspace' | 'restricted';
  organisations: ID[];
}

export function visibilityOf(v: VisibilityValue): Visibility {
  return v.scope === 'restricted' ? { scope: 'restricted', organisations: v.organisations } : { scope: 'workspace' };
}

/**
 * VisibilityPicker chooses who may see an item: the whole workspace, or the
 * chosen member organisations (the creator's always), as the action form's.
 */
export function VisibilityPicker({ value, onChange, members, creator, legend, orgsLegend, name, error }: {
  value: VisibilityValue;
  onChange(v: VisibilityValue): void;
  members: Membership[];
  creator: ID;
  legend: string;
  orgsLegend: string;
  name: string;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const s = useSession();
  const errID = `${name}-vis-error`;
  return (
    <fieldset className={`utrecht-form-fieldset kh-visibility${error ? ' utrecht-form-fieldset--invalid' : ''}`} aria-describedby={error ? errID : undefined}>
      <legend className="utrecht-form-fieldset__legend">{legend}</legend>
      {error && <p id={errID} className="utrecht-form-field-error-message">{error}</p>}
      <label className="kh-check">
        <input type="radio" name={name} className="utrecht-radio-button utrecht-radio-button--html-input" checked={value.scope === 'workspace'} onChange={() => onChange({ ...value, scope: 'workspace' })} />
        {t('form.visWorkspace')}
      </label>
      <label className="kh-check">
        <input type="radio" name={name} className="utrecht-radio-button utrecht-radio-button--html-input" checked={value.scope === 'restricted'} onChange={() => onChange({ ...value, scope: 'restricted' })} />
        {t('form.visRestricted')}
      </label>
      {value.scope === 'restricted' && (
        <fieldset className="utrecht-form-fieldset kh-visibility__orgs">
          <legend className="utrecht-form-fieldset__legend">{orgsLegend}</legend>
          <label className="kh-check">
            <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked disabled />
            {t('form.visOwn', { organisation: orgName(s, creator) })}
          </label>
          {members.filter((m) => m.organisation_id !== creator).map((m) => (
            <label key={m.organisation_id} className="kh-check">
              <input
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
                checked={value.organisations.includes(m.organisation_id)}
                onChange={(e) =>
                  onChange({
                    ...value,
                    organisations: e.target.checked
                      ? [...value.organisations, m.organisation_id].sort((x, y) => x - y)
                      : value.organisations.filter((o) => o !== m.organisation_id),
                  })
                }
              />
              {m.organisation.name}
            </label>
          ))}
        </fieldset>
      )}
    </fieldset>
  );
}

/**
 * PersonalDataDialog shows what in the user's text looks like a citizen's
 * personal data and asks before saving it as it is. Cancelling keeps the
 * text in the form to edit.
 */
export function PersonalDataDialog({ warnings, onConfirm, onCancel }: {
  warnings: PersonalDataWarning[];
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="kh-dialog" aria-labelledby="kh-pd-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <Heading2 id="kh-pd-title">{t('pd.title')}</Heading2>
      <Paragraph>{t('pd.intro')}</Paragraph>
      <ul className="kh-pd-list">
        {warnings.map((w, i) => <li key={i}>{lang === 'en' ? w.message || w.message_nl : w.message_nl || w.message}</li>)}
      </ul>
      <Paragraph>{t('pd.hint')}</Paragraph>
      <div className="kh-buttons">
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onCancel}>{t('pd.edit')}</button>
        <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={onConfirm}>{t('pd.confirm')}</button>
      </div>
    </dialog>
  );
}

/** isURL: a location that is a meeting link, shown as a link. */
export function isURL(s: string): boolean {
  return /^https?:\/\/\S+$/.test(s.trim());
}
