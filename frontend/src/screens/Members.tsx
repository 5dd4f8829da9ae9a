import { useState, type FormEvent } from 'react';
import { Heading2 } from '@utrecht/component-library-react';
import { ApiError } from '../api/client';
import { roles, type Role } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useWorkspace } from '../live';
import { useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { AdmissionEditor, isOwnBeheerder, OpenWarnings } from './Admission';

/** Members lists the member organisations and their roles; regisseurs change them. */
export function Members() {
  const s = useSession();
  const { t } = useI18n();
  const { workspace: ws, members, reload } = useWorkspace();
  const manage = ws.my_role === 'regisseur';
  const [error, setError] = useState<ApiError>();
  const [addOrg, setAddOrg] = useState('');
  const [addRole, setAddRole] = useState<Role>('partner');
  const run = async (p: Promise<unknown>) => {
    try {
      await p;
      setError(undefined);
      reload();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'network' }));
      return false;
    }
  };
  // An organisatiebeheerder of a member organisation decides who of it take part.
  const ownOrg = members.some((m) => m.organisation_id === s.me.user.organisation_id) && isOwnBeheerder(s, s.me.user.organisation_id)
    ? s.me.user.organisation_id
    : undefined;
  const others = [...s.organisations.values()].filter((o) => !members.some((m) => m.organisation_id === o.id));
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (addOrg && (await run(s.api.setMember(ws.id, Number(addOrg), addRole)))) setAddOrg('');
  };
  return (
    <>
      <PageTitle>{`${t('members.title')}: ${ws.title}`}</PageTitle>
      <ErrorAlert error={error} />
      <OpenWarnings members={members} regisseur={manage} />
      <div className="kh-table-wrap">
        <table className="utrecht-table">
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">{t('members.organisation')}</th>
              <th scope="col" className="utrecht-table__header-cell">{t('members.role')}</th>
              {manage && <th scope="col" className="utrecht-table__header-cell">{t('members.actions')}</th>}
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {members.map((m) => (
              <tr key={m.organisation_id} className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell">{m.organisation.name}</th>
                <td className="utrecht-table__cell">
                  {manage ? (
                    <select
                      className="utrecht-select utrecht-select--html-select"
                      aria-label={t('members.roleOf', { organisation: m.organisation.name })}
                      value={m.role}
                      onChange={(e) => void run(s.api.setMember(ws.id, m.organisation_id, e.target.value as Role))}
                    >
                      {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                    </select>
                  ) : (
                    t(`role.${m.role}`)
                  )}
                </td>
                {manage && (
                  <td className="utrecht-table__cell">
                    <button
                      type="button"
                      className="utrecht-button utrecht-button--secondary-action kh-small-button"
                      aria-label={t('members.removeOf', { organisation: m.organisation.name })}
                      onClick={() => void run(s.api.removeMember(ws.id, m.organisation_id))}
                    >
                      {t('members.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ownOrg && <AdmissionEditor workspaceID={ws.id} organisationID={ownOrg} onSaved={reload} />}
      {manage && others.length > 0 && (
        <section aria-labelledby="add-member">
          <Heading2 id="add-member">{t('members.add')}</Heading2>
          <form className="kh-filters" onSubmit={add}>
            <label className="kh-field">
              <span className="utrecht-form-label">{t('members.addOrg')}</span>
              <select className="utrecht-select utrecht-select--html-select" value={addOrg} onChange={(e) => setAddOrg(e.target.value)}>
                <option value="">{t('members.choose')}</option>
                {others.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            </label>
            <label className="kh-field">
              <span className="utrecht-form-label">{t('members.addRole')}</span>
              <select className="utrecht-select utrecht-select--html-select" value={addRole} onChange={(e) => setAddRole(e.target.value as Role)}>
                {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
              </select>
            </label>
            <button type="submit" className="utrecht-button utrecht-button--primary-action">{t('members.addButton')}</button>
          </form>
        </section>
      )}
    </>
  );
}
