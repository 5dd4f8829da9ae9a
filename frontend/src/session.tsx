// The signed-in session: who the user is, the API client and the realtime
// client of this tab, and the names of organisations and users.
import { createContext, useContext } from 'react';
import type { Api } from './api/client';
import type { Me, Organisation, User } from './api/types';
import type { RealtimeClient } from './realtime/client';
import { translate } from './i18n/i18n';
import { personLabel, personWithOrg, type Shown } from './people';

export interface Session {
  api: Api;
  me: Me;
  realtime: RealtimeClient;
  organisations: Map<number, Organisation>;
  users: Map<number, User>;
}

export const SessionContext = createContext<Session | null>(null);

/** useSession returns the session; only pages behind sign-in use it. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

export function orgName(s: Session, id: number | null | undefined): string {
  return id ? (s.organisations.get(id)?.name ?? `#${id}`) : '';
}

/**
 * unnamedLabel stands in for the function of a shielded officer whose
 * function is unknown too, in the page's language (which the I18n state
 * keeps on <html lang>), so that no name is ever empty.
 */
function unnamedLabel(): string {
  const lang = typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'nl';
  return translate(lang, 'person.unnamed');
}

/**
 * personName is how a person is shown: their name, or for a shielded
 * officer of another organisation (whose name the hub withholds) their
 * function and organisation ("Rechercheur, Politie Noord-Holland").
 */
export function personName(s: Session, p: Shown): string {
  return personLabel(p, (id) => orgName(s, id), unnamedLabel());
}

/** personAndOrg is "name (organisation)", or the shielded label, which names the organisation already. */
export function personAndOrg(s: Session, p: Shown, withOrg: (name: string, org: string) => string): string {
  return personWithOrg(p, (id) => orgName(s, id), unnamedLabel(), withOrg);
}

/** userName shows a user of the directory by id (see personName). */
export function userName(s: Session, id: number | null | undefined): string {
  if (!id) return '';
  const u = s.users.get(id);
  return u ? personName(s, u) : `#${id}`;
}

/** unnamed is the stand-in for an unknown function (for sorting helpers outside React). */
export function unnamed(): string {
  return unnamedLabel();
}
