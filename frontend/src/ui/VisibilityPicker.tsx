// The visibility picker of every form that makes an item: the whole
// workspace, or chosen member organisations (the creator's always).
import type { ID, Membership, Visibility } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { orgName, useSession } from '../session';

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
 * chosen member organisations (the creator's always).
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
