// A small history router: the app's pages are plain paths (Dutch, as the
// users read them), links are real <a href> elements, and the hub answers
// every page path with index.html.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const changeEvent = 'ketenhub:navigate';

function subscribe(fn: () => void): () => void {
  window.addEventListener('popstate', fn);
  window.addEventListener(changeEvent, fn);
  return () => {
    window.removeEventListener('popstate', fn);
    window.removeEventListener(changeEvent, fn);
  };
}

/** useLocation is the current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; search: string } {
  const href = useSyncExternalStore(subscribe, () => location.pathname + '\n' + location.search);
  const [path = '/', search = ''] = href.split('\n');
  return { path, search };
}

/** navigate goes to a path of the app without reloading the page. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(changeEvent));
}

/** match returns the parameters of path under pattern ("/werkruimtes/:ws/acties"), or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = decodeURIComponent(got[i]!);
    if (w.startsWith(':')) params[w.slice(1)] = g;
    else if (w !== g) return null;
  }
  return params;
}

/** Link is an <a> that navigates inside the app on a plain click. */
export function Link({ href, onClick, className, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} className={['utrecht-link', className].filter(Boolean).join(' ')} {...rest} />;
}

/** paths builds the app's addresses; the meetings pages will join them under the workspace. */
export const paths = {
  overview: () => '/',
  signIn: () => '/aanmelden',
  workspace: (ws: number) => `/werkruimtes/${ws}`,
  actions: (ws: number, search = '') => `/werkruimtes/${ws}/acties${search}`,
  board: (ws: number) => `/werkruimtes/${ws}/bord`,
  goals: (ws: number) => `/werkruimtes/${ws}/doelen`,
  activity: (ws: number) => `/werkruimtes/${ws}/activiteit`,
  members: (ws: number) => `/werkruimtes/${ws}/leden`,
  action: (ws: number, id: number) => `/werkruimtes/${ws}/acties/${id}`,
  editAction: (ws: number, id: number) => `/werkruimtes/${ws}/acties/${id}/bewerken`,
  newAction: (ws: number) => `/werkruimtes/${ws}/acties/nieuw`,
  // Meetings: the list and planning under the workspace; a meeting's own
  // pages by its id (src/meetings/routes.tsx).
  meetings: (ws: number) => `/werkruimtes/${ws}/overleggen`,
  newMeeting: (ws: number) => `/werkruimtes/${ws}/overleggen/nieuw`,
  meeting: (id: number) => `/overleggen/${id}`,
  meetingLive: (id: number) => `/overleggen/${id}/live`,
  meetingProjector: (id: number) => `/overleggen/${id}/projectie`,
  // A room's screen: no sign-in, paired with a meeting by a code (src/display/).
  display: () => '/display',
  // Progress per theme, for one IVP period (src/progress/).
  progress: (period = '') => `/voortgang${period ? '?periode=' + encodeURIComponent(period) : ''}`,
};
