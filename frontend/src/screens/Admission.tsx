// Admission: who of a member organisation take part in a workspace. Only
// the organisation's own organisatiebeheerder chooses, from the people of
// their own organisation and the group names of its identity provider; an
// organisation that names nobody is open to all its people, which the
// regisseur and that beheerder are warned about.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Alert, Heading2, Paragraph } from '@utrecht/component-library-react';
import { ApiError } from '../api/client';
import type { Admission, ID, Membership, User } from '../api/types';
import { useI18n, type T } from '../i18n/i18n';
import { useLoad } from '../live';
import { addGroup, byLabel, groupsSeen, joinNames } from '../people';
import { orgName, personName, unnamed, useSession, type Session } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';

/** isOwnBeheerder reports whether the signed-in user manages the admissions of organisation orgID. */
export function isOwnBeheerder(s: Session, orgID: ID): boolean {
  return s.me.user.organisation_role === 'organisatiebeheerder' && s.me.user.organisation_id === orgID;
}

/**
 * OpenWarnings warns about each member organisation open to all its
 * people: the regisseur sees every one, an organisatiebeheerder their own.
 */
export function OpenWarnings({ members, regisseur }: { members: Membership[]; regisseur: boolean }) {
  const { t } = useI18n();
  const s = useSession();
  const open = members.filter((m) => m.admission_open && (regisseur || isOwnBeheerder(s, m.organisation_id)));
  if (open.length === 0) return null;
  return (
    <div data-testid="admission-warnings">
      {open.map((m) => (
        <Alert key={m.organisation_id} type="warning">
          <Paragraph>
            <strong>{t('admission.openWarning', { organisation: m.organisation.name })}</strong>
          </Paragraph>
          {!isOwnBeheerder(s, m.organisation_id) && <Paragraph>{t('admission.openWarningHint', { organisation: m.organisation.name })}</Paragraph>}
        </Alert>
      ))}
    </div>
  );
}

/** whoOf says who an admission names, in prose: people by name, then groups. */
export function whoOf(t: T, a: Pick<Admission, 'users' | 'groups'>, nameOf: (id: ID) => string): string {
  const people = a.users.map(nameOf);
  const groups = a.groups.map((g) => t('admission.group', { name: g }));
  return joinNames([...people, ...groups], t('person.and'));
}

/** AdmissionEditor lets an organisatiebeheerder choose who of their organisation take part. */
export function AdmissionEditor({ workspaceID, organisationID, onSaved }: { workspaceID: ID; organisationID: ID; onSaved(): void }) {
  const { t } = useI18n();
  const s = useSession();
  const errorText = useErrorText();
  const org = orgName(s, organisationID);
  const people = useLoad(() => s.api.users(organisationID), [organisationID]);
  const current = useLoad(() => s.api.admission(workspaceID, organisationID), [workspaceID, organisationID]);
  const [users, setUsers] = useState<ID[]>();
  const [groups, setGroups] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState('');
  // Moves the keyboard's focus after a save: to the result, or to the error.
  const [focusTo, setFocusTo] = useState<{ to: 'result' | 'error'; n: number }>();
  const result = useRef<HTMLParagraphElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  const typedInput = useRef<HTMLInputElement>(null);

  // The form starts from the admission as loaded; what the user ticks is theirs.
  useEffect(() => {
    if (current.data && users === undefined) {
      setUsers(current.data.users);
      setGroups(current.data.groups);
    }
  }, [current.data, users]);

  useEffect(() => {
    if (!focusTo) return;
    (focusTo.to === 'result' ? result : errorBox).current?.focus();
  }, [focusTo]);

  const mine = byLabel(people.data ?? [], (id) => orgName(s, id), unnamed());
  const suggestions = groupsSeen(people.data ?? [], [...(current.data?.groups ?? []), ...groups]);
  const nameOf = (id: ID) => {
    const u = people.data?.find((p) => p.id === id) ?? s.users.get(id);
    return u ? personName(s, u) : `#${id}`;
  };
  const errField = error?.field?.split(/[.[]/)[0];
  const fieldError = (f: 'users' | 'groups') => (error && errField === f ? errorText(error) : undefined);

  const add = () => {
    setGroups((g) => addGroup(g, typed));
    setTyped('');
    typedInput.current?.focus();
  };
  const onTypedKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter in the group field adds the group; it does not save the form.
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (users === undefined) return;
    const chosen = addGroup(groups, typed);
    setBusy(true);
    setSaved('');
    try {
      const a = await s.api.setAdmission(workspaceID, organisationID, { users, groups: chosen });
      setUsers(a.users);
      setGroups(a.groups);
      setTyped('');
      setError(undefined);
      setSaved(a.open ? t('admission.savedOpen') : t('admission.saved', { who: whoOf(t, a, nameOf) }));
      current.reload();
      onSaved();
      // The result is where the keyboard goes next, so that it is read out.
      setFocusTo((f) => ({ to: 'result', n: (f?.n ?? 0) + 1 }));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, { code: 'network' }));
      setFocusTo((f) => ({ to: 'error', n: (f?.n ?? 0) + 1 }));
    } finally {
      setBusy(false);
    }
  };

  const headingID = `admission-${organisationID}`;
  return (
    <section aria-labelledby={headingID} className="kh-admission">
      <Heading2 id={headingID}>{t('admission.heading', { organisation: org })}</Heading2>
      <Paragraph>{t('admission.intro', { organisation: org })}</Paragraph>
      {current.data && (
        <Paragraph data-testid="admission-now">
          {current.data.open ? t('admission.nowOpen') : t('admission.now', { who: whoOf(t, current.data, nameOf) })}
        </Paragraph>
      )}
      <p ref={result} tabIndex={-1} role="status" className="kh-done" data-testid="admission-saved">{saved}</p>
      <div ref={errorBox} tabIndex={-1}>
        {error && !errField && <ErrorAlert error={error} />}
      </div>
      {(current.error || people.error) && <ErrorAlert error={current.error ?? people.error} onRetry={() => { current.reload(); people.reload(); }} />}
      {users === undefined || !people.data ? (
        !current.error && !people.error && <Paragraph>{t('admission.loading')}</Paragraph>
      ) : (
        <form onSubmit={submit} noValidate>
          <PeopleField org={org} people={mine} chosen={users} onChange={setUsers} error={fieldError('users')} idPrefix={headingID} label={(u) => personLine(s, u)} />
          <fieldset
            className={`utrecht-form-fieldset${fieldError('groups') ? ' utrecht-form-fieldset--invalid' : ''}`}
            aria-describedby={fieldError('groups') ? `${headingID}-groups-error` : undefined}
          >
            <legend className="utrecht-form-fieldset__legend">{t('admission.groups')}</legend>
            {fieldError('groups') && <p id={`${headingID}-groups-error`} className="utrecht-form-field-error-message">{fieldError('groups')}</p>}
            {suggestions.length === 0 && <p className="kh-muted">{t('admission.noGroups')}</p>}
            {suggestions.map((g) => (
              <label key={g} className="kh-check">
                <input
                  type="checkbox"
                  className="utrecht-checkbox utrecht-checkbox--html-input"
                  checked={groups.includes(g)}
                  onChange={(e) => setGroups((old) => (e.target.checked ? addGroup(old, g) : old.filter((x) => x !== g)))}
                />
                {g}
              </label>
            ))}
            <div className="kh-admission__add">
              <div className="utrecht-form-field">
                <label htmlFor={`${headingID}-group`} className="utrecht-form-label">{t('admission.addGroup')}</label>
                <p id={`${headingID}-group-hint`} className="utrecht-form-field-description">{t('admission.addGroupHint')}</p>
                <input
                  ref={typedInput}
                  id={`${headingID}-group`}
                  type="text"
                  maxLength={200}
                  className="utrecht-textbox utrecht-textbox--html-input"
                  aria-describedby={`${headingID}-group-hint`}
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  onKeyDown={onTypedKey}
                />
              </div>
              <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={add}>{t('admission.addGroupButton')}</button>
            </div>
          </fieldset>
          <div className="kh-buttons">
            <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy} aria-disabled={busy}>
              {busy ? t('admission.saving') : t('admission.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** personLine is a person of one's own organisation with their function, if known. */
function personLine(s: Session, u: User): string {
  const name = personName(s, u);
  return u.function && u.name ? `${name}, ${u.function}` : name;
}

function PeopleField({ org, people, chosen, onChange, error, idPrefix, label }: {
  org: string;
  people: User[];
  chosen: ID[];
  onChange(ids: ID[]): void;
  error: string | undefined;
  idPrefix: string;
  label(u: User): string;
}) {
  const { t } = useI18n();
  const errID = `${idPrefix}-users-error`;
  return (
    <fieldset className={`utrecht-form-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`} aria-describedby={error ? errID : undefined}>
      <legend className="utrecht-form-fieldset__legend">{t('admission.people', { organisation: org })}</legend>
      {error && <p id={errID} className="utrecht-form-field-error-message">{error}</p>}
      {people.length === 0 && <p className="kh-muted">{t('admission.noPeople')}</p>}
      {people.map((u) => (
        <label key={u.id} className="kh-check">
          <input
            type="checkbox"
            className="utrecht-checkbox utrecht-checkbox--html-input"
            checked={chosen.includes(u.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen.filter((x) => x !== u.id), u.id] : chosen.filter((x) => x !== u.id))}
          />
          {label(u)}
        </label>
      ))}
    </fieldset>
  );
}
