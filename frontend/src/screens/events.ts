// How an event of the log reads in the activity timeline and history.
import type { HubEvent, Role } from '../api/types';
import { isMessageKey, type T } from '../i18n/i18n';

interface Payload {
  title?: string;
  role?: Role;
  organisation?: { name?: string };
  organisation_id?: number;
}

/** describeEvent says what happened, in the UI's language. */
export function describeEvent(t: T, ev: HubEvent, orgName: (id: number) => string): string {
  const p = (ev.payload && typeof ev.payload === 'object' ? ev.payload : {}) as Payload;
  const key = 'event.' + ev.type;
  if (!isMessageKey(key)) return t('event.other', { type: ev.type });
  return t(key, {
    title: p.title ?? '',
    role: p.role ? t(`role.${p.role}`) : '',
    organisation: p.organisation?.name ?? (p.organisation_id ? orgName(p.organisation_id) : ''),
  });
}
