// A small typed translation layer: message keys are checked by the
// compiler, Dutch is the default, English is one click away. Dates and
// numbers are formatted in the nl-NL locale (numeric dates, so they read the
// same in both languages).
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { nl, type MessageKey } from './nl';

export type Lang = 'nl' | 'en';
export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { nl, en };

export type Params = Record<string, string | number>;

/** translate looks key up in lang and fills in {name} placeholders. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = catalogues[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type T = (key: MessageKey, params?: Params) => string;

export interface I18n {
  lang: Lang;
  t: T;
  setLang(lang: Lang): void;
}

export const I18nContext = createContext<I18n>({ lang: 'nl', t: (k, p) => translate('nl', k, p), setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}

const langKey = 'ketenhub.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(langKey) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
}

/** useI18nState is the page's language, remembered in the browser, for the I18nContext provider. */
export function useI18nState(): I18n {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const i18n = useMemo<I18n>(() => ({
    lang,
    t: (k, p) => translate(lang, k, p),
    setLang: (l) => {
      setLangState(l);
      try {
        localStorage.setItem(langKey, l);
      } catch {
        // Private windows may refuse storage; the choice then lasts this page.
      }
    },
  }), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return i18n;
}

/** isMessageKey reports whether s names a message (for keys built at run time). */
export function isMessageKey(s: string): s is MessageKey {
  return Object.prototype.hasOwnProperty.call(nl, s);
}

const dateFormat = new Intl.DateTimeFormat('nl-NL', { day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const numberFormat = new Intl.NumberFormat('nl-NL');

/** formatDate shows a YYYY-MM-DD date as dd-mm-jjjj. */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return dateFormat.format(new Date(y, m - 1, d));
}

/** formatDateTime shows an RFC 3339 time in the local time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** today is the local date as YYYY-MM-DD. */
export function today(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
