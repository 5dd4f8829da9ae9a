// /display: a screen in a meeting room. It needs no sign-in: it shows a
// pairing code until the chair types it into the live board, then the
// meeting's room view (only what every organisation present may see),
// live, read-only, until the meeting ends or the chair unpairs it. Its
// secret is an HttpOnly cookie; the address itself opens nothing.
import { useEffect, useMemo, useState } from 'react';
import { Api, ApiError } from '../api/client';
import { displaySocketURL, groupCode, ScreenApi, type RoomView } from '../api/room';
import { formatDateTime, I18nContext, useI18n, useI18nState } from '../i18n/i18n';
import { RoomScreen } from '../meetings/RoomScreen';
import './display.css';

type Screen =
  | { kind: 'loading' }
  | { kind: 'code'; code: string; expiresAt: string }
  | { kind: 'paired'; room: RoomView }
  | { kind: 'ended'; title: string };

/** closeUnpaired is the close code of a screen that is no longer paired (docs/realtime.md). */
const closeUnpaired = 4004;

/** DisplayApp is the whole page: a language, and the screen. */
export function DisplayApp() {
  const i18n = useI18nState();
  return (
    <I18nContext.Provider value={i18n}>
      <DisplayPage />
    </I18nContext.Provider>
  );
}

/**
 * useScreen follows the screen's state. It reads GET /api/v1/display once
 * at the start and again whenever the screen's websocket says "changed";
 * a screen that is not paired asks for a new code, as it does when its
 * code expires.
 */
function useScreen(): { screen: Screen; offline: boolean; newCode(): void } {
  const { lang } = useI18n();
  const api = useMemo(() => new ScreenApi(new Api({ lang: () => lang })), [lang]);
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [offline, setOffline] = useState(false);
  const [again, setAgain] = useState(0);

  useEffect(() => {
    let stopped = false;
    let sock: WebSocket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let backoff = 1000;
    let haveCode = false;
    const later = (fn: () => void, ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };

    const connect = () => {
      const old = sock;
      sock = undefined;
      old?.close();
      if (stopped) return;
      const s = new WebSocket(displaySocketURL(location));
      sock = s;
      s.onopen = () => {
        backoff = 1000;
        setOffline(false);
      };
      s.onmessage = () => void read();
      s.onclose = (ev) => {
        if (stopped || sock !== s) return;
        sock = undefined;
        if (ev.code === closeUnpaired) {
          haveCode = false;
          void read();
          return;
        }
        setOffline(true);
        later(() => void read().then(() => !sock && connect()), backoff);
        backoff = Math.min(backoff * 2, 15000);
      };
    };

    const newCode = async () => {
      const c = await api.requestCode();
      if (stopped) return;
      haveCode = true;
      setScreen({ kind: 'code', code: c.code, expiresAt: c.expires_at });
      later(() => {
        haveCode = false;
        void newCode().catch(() => setOffline(true));
      }, Math.max(1000, new Date(c.expires_at).getTime() - Date.now()));
      connect(); // a new secret: the socket must carry it
    };

    const read = async () => {
      try {
        const st = await api.state();
        if (stopped) return;
        setOffline(false);
        if (st.status === 'paired') {
          clearTimeout(timer);
          setScreen({ kind: 'paired', room: st.room });
        } else if (st.status === 'ended') {
          clearTimeout(timer);
          setScreen({ kind: 'ended', title: st.meeting_title });
        } else if (!haveCode) {
          await newCode(); // waiting, but this page never saw its code
        }
        if (!sock) connect();
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && e.status === 404) {
          await newCode().catch(() => setOffline(true));
          return;
        }
        setOffline(true);
        later(() => void read(), backoff);
        backoff = Math.min(backoff * 2, 15000);
      }
    };

    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
      sock?.close();
    };
  }, [api, again]);

  return { screen, offline, newCode: () => setAgain((n) => n + 1) };
}

function DisplayPage() {
  const { t, lang, setLang } = useI18n();
  const { screen, offline, newCode } = useScreen();
  const title = screen.kind === 'paired' ? screen.room.meeting.title : '';
  useEffect(() => {
    document.title = `${title ? t('display.label', { title }) : t('display.title')} – ${t('app.name')}`;
  }, [title, t]);

  const controls = (
    <>
      {offline && <span className="kh-display__offline" role="status">{t('display.offline')}</span>}
      <button type="button" className="utrecht-button utrecht-button--subtle" lang={lang === 'nl' ? 'en' : 'nl'}
        aria-label={t('app.switchLanguageLabel')} onClick={() => setLang(lang === 'nl' ? 'en' : 'nl')}>
        {t('app.switchLanguage')}
      </button>
    </>
  );

  if (screen.kind === 'paired') {
    return (
      <main className="utrecht-document utrecht-theme kh-display">
        <RoomScreen room={screen.room} label={t('display.label', { title })} status={controls} />
      </main>
    );
  }
  return (
    <main className="utrecht-document utrecht-theme kh-display kh-display--plain">
      <div className="kh-display__bar">{controls}</div>
      {screen.kind === 'loading' && <p className="kh-display__text">{t('display.loading')}</p>}
      {screen.kind === 'code' && (
        <>
          <h1 className="kh-display__heading">{t('display.pairHeading')}</h1>
          <p className="kh-display__label" id="display-code-label">{t('display.codeLabel')}</p>
          <p className="kh-display__code" aria-labelledby="display-code-label" data-testid="display-code">{groupCode(screen.code)}</p>
          <p className="kh-display__text">{t('display.pairHow')}</p>
          <p className="kh-display__text kh-display__muted">{t('display.codeExpires', { time: formatDateTime(screen.expiresAt) })}</p>
        </>
      )}
      {screen.kind === 'ended' && (
        <>
          <h1 className="kh-display__heading" data-testid="display-ended">{t('display.ended', { title: screen.title })}</h1>
          <p className="kh-display__text">{t('display.endedNote')}</p>
          <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={newCode}>{t('display.newCode')}</button>
        </>
      )}
    </main>
  );
}
