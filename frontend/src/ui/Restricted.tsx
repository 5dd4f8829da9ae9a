import type { Visibility } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { orgName, useSession } from '../session';

/** RestrictedMarker marks an item that only some organisations may see, naming them. */
export function RestrictedMarker({ visibility }: { visibility: Visibility }) {
  const { t } = useI18n();
  const s = useSession();
  if (visibility.scope !== 'restricted') return null;
  const names = (visibility.organisations ?? []).map((id) => orgName(s, id)).join(', ');
  return (
    <span className="kh-restricted" title={t('actions.restrictedTo', { organisations: names })}>
      <span className="kh-restricted__icon" aria-hidden="true" />
      {t('actions.restricted')}
      <span className="kh-visually-hidden">: {names}</span>
    </span>
  );
}
