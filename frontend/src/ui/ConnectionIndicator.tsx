import { useSyncExternalStore } from 'react';
import type { RealtimeClient } from '../realtime/client';
import { useI18n } from '../i18n/i18n';

/** ConnectionIndicator shows, in words and colour, whether changes arrive live. */
export function ConnectionIndicator({ realtime }: { realtime: RealtimeClient }) {
  const { t } = useI18n();
  const state = useSyncExternalStore(
    (fn) => realtime.onState(fn),
    () => realtime.state,
  );
  return (
    <p className={`kh-conn kh-conn--${state.kind}`} role="status" data-state={state.kind}>
      <span className="kh-conn__dot" aria-hidden="true" />
      <span className="kh-visually-hidden">{t('conn.label')}: </span>
      {t(`conn.${state.kind}`)}
    </p>
  );
}
