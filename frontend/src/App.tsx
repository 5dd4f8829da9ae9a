import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Paragraph } from '@utrecht/component-library-react';
import { Api, ApiError } from './api/client';
import { I18nContext, useI18n, useI18nState } from './i18n/i18n';
import { browserNetwork, RealtimeClient, socketURL } from './realtime/client';
import { Link, navigate, paths, useLocation } from './router';
import { personName, SessionContext, type Session } from './session';
import { ConnectionIndicator } from './ui/ConnectionIndicator';
import { ErrorAlert } from './ui/ErrorAlert';
import { IdleWarning } from './ui/IdleWarning';
import { NotFound } from './screens/NotFound';
import { Overview } from './screens/Overview';
import { SignIn } from './screens/SignIn';
import { WorkspacePage } from './screens/Workspace';
import { MeetingPage, meetingRoute } from './meetings/routes';
import { ProgressPage } from './progress/Progress';

type Boot = { kind: 'loading' } | { kind: 'signed_out' } | { kind: 'failed'; error: ApiError } | { kind: 'in'; session: Session };

/** App is the whole web app: language, session, realtime connection and pages. */
export function App() {
  const i18n = useI18nState();
  const { lang } = i18n;

  // The API client reads the language when it sends, so it need not be rebuilt.
  const langRef = useRef(lang);
  langRef.current = lang;
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });
  const live = useRef<RealtimeClient>(undefined);
  const api = useMemo(
    () =>
      new Api({
        lang: () => langRef.current,
        onUnauthorized: () => {
          live.current?.stop();
          setBoot({ kind: 'signed_out' });
        },
      }),
    [langRef],
  );
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let realtime: RealtimeClient | undefined;
    let cancelled = false;
    (async () => {
      try {
        const me = await api.me();
        const [orgs, users] = await Promise.all([api.organisations(), api.users()]);
        if (cancelled) return;
        realtime = new RealtimeClient({ url: socketURL(location), network: browserNetwork });
        live.current = realtime;
        realtime.onState((st) => st.kind === 'signed_out' && setBoot({ kind: 'signed_out' }));
        realtime.start();
        setBoot({
          kind: 'in',
          session: {
            api, me, realtime,
            organisations: new Map(orgs.map((o) => [o.id, o])),
            users: new Map(users.map((u) => [u.id, u])),
          },
        });
      } catch (e) {
        if (cancelled) return;
        const err = e instanceof ApiError ? e : new ApiError(0, { code: 'network' });
        setBoot(err.status === 401 ? { kind: 'signed_out' } : { kind: 'failed', error: err });
      }
    })();
    return () => {
      cancelled = true;
      realtime?.stop();
    };
  }, [api, attempt]);

  return (
    <I18nContext.Provider value={i18n}>
      <Shell boot={boot} api={api} retry={() => setAttempt((n) => n + 1)} />
    </I18nContext.Provider>
  );
}

function Shell({ boot, api, retry }: { boot: Boot; api: Api; retry(): void }) {
  const { t, lang, setLang } = useI18n();
  const { path, search } = useLocation();
  const session = boot.kind === 'in' ? boot.session : null;
  const signOut = useCallback(async () => {
    const next = await api.logout().catch(() => '/');
    window.location.assign(next);
  }, [api]);

  let page;
  if (boot.kind === 'loading') page = <Paragraph>{t('app.loading')}</Paragraph>;
  else if (boot.kind === 'failed') page = <ErrorAlert error={boot.error} onRetry={retry} />;
  else if (boot.kind === 'signed_out') {
    const returnTo = path === paths.signIn() ? new URLSearchParams(search).get('terug') ?? '/' : path + search;
    page = <SignIn api={api} returnTo={returnTo} expired={path !== paths.signIn() && path !== '/'} />;
  } else page = <Route path={path} />;

  return (
    <SessionContext.Provider value={session}>
      <div className="utrecht-document utrecht-theme kh-app">
        <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">{t('app.skip')}</a>
        <header className="kh-header">
          <div className="kh-header__inner">
            <Link href={paths.overview()} className="kh-logo">{t('app.name')}</Link>
            {session && (
              <nav aria-label={t('app.mainNav')} className="kh-mainnav">
                <Link href={paths.overview()} aria-current={path === '/' ? 'page' : undefined}>{t('overview.title')}</Link>
                <Link href={paths.progress()} aria-current={path === paths.progress() ? 'page' : undefined}>{t('progress.nav')}</Link>
              </nav>
            )}
            <div className="kh-header__end">
              {session && <ConnectionIndicator realtime={session.realtime} />}
              <button
                type="button"
                className="utrecht-button utrecht-button--subtle kh-lang"
                lang={lang === 'nl' ? 'en' : 'nl'}
                aria-label={t('app.switchLanguageLabel')}
                onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')}
              >
                {t('app.switchLanguage')}
              </button>
              {session && (
                <>
                  <span className="kh-user">{t('app.signedInAs', { name: personName(session, session.me.user), organisation: session.me.organisation.name })}</span>
                  <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={() => void signOut()}>
                    {t('app.signOut')}
                  </button>
                </>
              )}
            </div>
          </div>
        </header>
        <main id="main" className="kh-main" tabIndex={-1}>
          {page}
        </main>
        {session && <IdleWarning api={api} onSignOut={() => void signOut()} />}
      </div>
    </SessionContext.Provider>
  );
}

function Route({ path }: { path: string }) {
  useEffect(() => {
    // Signed in already: the sign-in page has nothing to offer.
    if (path === paths.signIn()) navigate(paths.overview(), { replace: true });
  }, [path]);
  if (path === '/' || path === paths.signIn()) return <Overview />;
  if (path === paths.progress()) return <ProgressPage />;
  const m = /^\/werkruimtes\/(\d+)(\/.*)?$/.exec(path);
  if (m) return <WorkspacePage key={m[1]} id={Number(m[1])} rest={m[2] ?? ''} />;
  const meeting = meetingRoute(path);
  if (meeting) return <MeetingPage key={meeting.id} id={meeting.id} view={meeting.view} />;
  return <NotFound />;
}
