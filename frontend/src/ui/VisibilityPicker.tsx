// The visibility picker of every form that makes an item: the whole
// workspace, or chosen member organisations (the creator's always) and,
// within them, chosen people of the workspace (the creator always).
import type { ID, Membership } from '../api/types';
import { choosable, toggled, type VisibilityValue } from './visibility';
import { useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { byOrgAndLabel } from '../people';
import { orgName, personAndOrg, unnamed, userName, useSession } from '../session';
import { useErrorText } from './ErrorAlert';

export { choosable, toggled, visibilityOf, type VisibilityValue } from './visibility';

/**
 * VisibilityPicker chooses who may see an item: the whole workspace, or the
 * chosen member organisations (the creator's always, unless people are
 * named) and the chosen people (the creator always).
 */
export function VisibilityPicker({ value, onChange, members, creator, creatorUser, legend, orgsLegend, name, error }: {
  value: VisibilityValue;
  onChange(v: VisibilityValue): void;
  members: Membership[];
  /** The creating organisation. */
  creator: ID;
  /** The creating person (the signed-in user for a new item). */
  creatorUser?: ID | undefined;
  legend: string;
  orgsLegend: string;
  name: string;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const s = useSession();
  const { workspace: ws, ticks } = useWorkspace();
  const restricted = value.scope === 'restricted';
  // The workspace's people are asked for only once someone restricts an item.
  const people = useLoad(() => (restricted ? s.api.people(ws.id) : Promise.resolve(undefined)), [ws.id, restricted, ticks.membership]);
  const me = creatorUser ?? s.me.user.id;
  const errID = `${name}-vis-error`;
  const namesPeople = value.users.length > 0;
  const withOrg = (n: string, organisation: string) => t('person.withOrg', { name: n, organisation });
  const creatorPerson = people.data?.find((p) => p.id === me);
  const creatorLabel = creatorPerson ? personAndOrg(s, creatorPerson, withOrg) : userName(s, me);
  const others = byOrgAndLabel(choosable(people.data ?? [], me), (id) => orgName(s, id), unnamed());
  return (
    <fieldset className={`utrecht-form-fieldset kh-visibility${error ? ' utrecht-form-fieldset--invalid' : ''}`} aria-describedby={error ? errID : undefined}>
      <legend className="utrecht-form-fieldset__legend">{legend}</legend>
      {error && <p id={errID} className="utrecht-form-field-error-message">{error}</p>}
      <label className="kh-check">
        <input type="radio" name={name} className="utrecht-radio-button utrecht-radio-button--html-input" checked={value.scope === 'workspace'} onChange={() => onChange({ ...value, scope: 'workspace' })} />
        {t('form.visWorkspace')}
      </label>
      <label className="kh-check">
        <input type="radio" name={name} className="utrecht-radio-button utrecht-radio-button--html-input" checked={restricted} onChange={() => onChange({ ...value, scope: 'restricted' })} />
        {t('form.visRestricted')}
      </label>
      {restricted && (
        <>
          <fieldset className="utrecht-form-fieldset kh-visibility__orgs">
            <legend className="utrecht-form-fieldset__legend">{orgsLegend}</legend>
            {namesPeople ? (
              // With people named the hub adds only the creator, not their
              // whole organisation: so the own organisation is a choice here.
              <label className="kh-check">
                <input
                  type="checkbox"
                  className="utrecht-checkbox utrecht-checkbox--html-input"
                  checked={value.organisations.includes(creator)}
                  onChange={(e) => onChange({ ...value, organisations: toggled(value.organisations, creator, e.target.checked) })}
                />
                {t('form.visOwnOrg', { organisation: orgName(s, creator) })}
              </label>
            ) : (
              <label className="kh-check">
                <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked disabled />
                {t('form.visOwn', { organisation: orgName(s, creator) })}
              </label>
            )}
            {members.filter((m) => m.organisation_id !== creator).map((m) => (
              <label key={m.organisation_id} className="kh-check">
                <input
                  type="checkbox"
                  className="utrecht-checkbox utrecht-checkbox--html-input"
                  checked={value.organisations.includes(m.organisation_id)}
                  onChange={(e) => onChange({ ...value, organisations: toggled(value.organisations, m.organisation_id, e.target.checked) })}
                />
                {m.organisation.name}
              </label>
            ))}
          </fieldset>
          <fieldset className="utrecht-form-fieldset kh-visibility__orgs" aria-describedby={`${name}-people-hint`}>
            <legend className="utrecht-form-fieldset__legend">{t('form.visPeople')}</legend>
            <p id={`${name}-people-hint`} className="utrecht-form-field-description">{t('form.visPeopleHint')}</p>
            {people.data === undefined && !people.error && <p className="kh-muted">{t('form.visPeopleLoading')}</p>}
            {people.error && <p className="utrecht-form-field-error-message">{errorText(people.error)}</p>}
            {people.data !== undefined && (
              <>
                <label className="kh-check">
                  <input type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input" checked disabled />
                  {me === s.me.user.id ? t('person.you', { name: creatorLabel }) : t('person.always', { name: creatorLabel })}
                </label>
                {others.length === 0 && <p className="kh-muted">{t('form.visNoPeople')}</p>}
                {others.map((p) => (
                  <label key={p.id} className="kh-check">
                    <input
                      type="checkbox"
                      className="utrecht-checkbox utrecht-checkbox--html-input"
                      checked={value.users.includes(p.id)}
                      onChange={(e) => onChange({ ...value, users: toggled(value.users, p.id, e.target.checked) })}
                    />
                    {personAndOrg(s, p, withOrg)}
                  </label>
                ))}
              </>
            )}
          </fieldset>
        </>
      )}
    </fieldset>
  );
}

