// Pairing a room's screen from the live board: the chair types the code the
// screen shows, sees the screens paired with the meeting and unpairs them.
import { useState, type FormEvent } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import type { Display } from '../api/room';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { useLoad } from '../live';
import { paths } from '../router';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { asApiError } from './common';
import { useRoomApi } from './useRoomView';
import type { LiveMeeting } from './useLiveMeeting';

/** DisplaysPanel is shown to those who may run the meeting, while it has not ended. */
export function DisplaysPanel({ live }: { live: LiveMeeting }) {
  const { t } = useI18n();
  const text = useErrorText();
  const rapi = useRoomApi();
  const m = live.meeting!;
  // Pairing and unpairing are events of the meeting, which reload its parts.
  const list = useLoad(() => rapi.displays(m.id), [m.id, live.agenda, live.decisions]);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const number = (d: Display) => (list.data ?? []).findIndex((x) => x.id === d.id) + 1;

  const pair = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await rapi.pair(m.id, code);
      setCode('');
      setError(undefined);
      setDone(t('displays.paired'));
      list.reload();
    } catch (err) {
      setError(asApiError(err));
      setDone('');
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (d: Display) => {
    try {
      await rapi.revoke(m.id, d.id);
      setDone(t('displays.revoked', { n: number(d) }));
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  const codeError = error?.field === 'code';
  return (
    <section aria-labelledby="live-displays" data-testid="displays">
      <Heading2 id="live-displays">{t('displays.heading')}</Heading2>
      <Paragraph>{t('displays.intro', { address: location.origin + paths.display() })}</Paragraph>
      {error && !codeError && <ErrorAlert error={error} />}
      <form className="kh-form" onSubmit={(e) => void pair(e)} noValidate>
        <div className={`utrecht-form-field${codeError ? ' utrecht-form-field--invalid' : ''}`}>
          <label htmlFor="display-code" className="utrecht-form-label">{t('displays.code')}</label>
          {codeError && <p id="display-code-error" className="utrecht-form-field-error-message" role="alert">{text(error)}</p>}
          <input
            id="display-code"
            type="text"
            className="utrecht-textbox utrecht-textbox--html-input kh-short"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={12}
            value={code}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? 'display-code-error' : undefined}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <div className="kh-buttons">
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy || !code.trim()}>{t('displays.pair')}</button>
        </div>
      </form>
      <p role="status" className="kh-done">{done}</p>
      {list.data && list.data.length === 0 && <Paragraph>{t('displays.none')}</Paragraph>}
      {list.data && list.data.length > 0 && (
        <ul className="kh-plain-list" aria-label={t('displays.listLabel')} data-testid="display-list">
          {list.data.map((d, i) => (
            <li key={d.id} className="kh-display-line">
              {t('displays.item', { n: i + 1, time: formatDateTime(d.paired_at) })}{' '}
              <button type="button" className="utrecht-button utrecht-button--subtle kh-small-button" aria-label={t('displays.revokeLabel', { n: i + 1 })} onClick={() => void revoke(d)}>
                {t('displays.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
