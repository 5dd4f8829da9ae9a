// The signed-in session: who the user is, the API client and the realtime
// client of this tab, and the names of organisations and users.
import { createContext, useContext } from 'react';
import type { Api } from './api/client';
import type { Me, Organisation, User } from './api/types';
import type { RealtimeClient } from './realtime/client';

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

export function userName(s: Session, id: number | null | undefined): string {
  return id ? (s.users.get(id)?.name ?? `#${id}`) : '';
}
