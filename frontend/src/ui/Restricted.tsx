import type { Visibility } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { joinNames } from '../people';
import { orgName, personAndOrg, userName, useSession } from '../session';

/**
 * RestrictedMarker marks an item that only some organisations may see,
 * naming them, and says which people it names besides ("alleen zichtbaar
 * voor Pieter van Leeuwen (Openbaar Ministerie Noord-Holland) en ...").
 */
export function RestrictedMarker({ visibility }: { visibility: Visibility }) {
  const { t } = useI18n();
  const s = useSession();
  if (visibility.scope !== 'restricted') return null;
  const names = (visibility.organisations ?? []).map((id) => orgName(s, id)).join(', ');
  const people = (visibility.users ?? []).map((id) => {
    const u = s.users.get(id);
    return u ? personAndOrg(s, u, (name, organisation) => t('person.withOrg', { name, organisation })) : userName(s, id);
  });
  const onlyFor = people.length > 0 ? t('visibility.onlyFor', { names: joinNames(people, t('person.and')) }) : '';
  const title = [names && t('actions.restrictedTo', { organisations: names }), onlyFor].filter(Boolean).join('; ');
  return (
    <span className="kh-restricted" title={title}>
      <span className="kh-restricted__icon" aria-hidden="true" />
      {t('actions.restricted')}
      {names && <span className="kh-visually-hidden">: {names}</span>}
      {onlyFor && <span className="kh-restricted__people">, {onlyFor}</span>}
    </span>
  );
}
