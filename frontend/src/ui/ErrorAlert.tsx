import { Alert, Paragraph } from '@utrecht/component-library-react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** errorText is the message of an API error in the UI's language. */
export function useErrorText(): (err: ApiError) => string {
  const { t, lang } = useI18n();
  return (err) => (err.code === 'network' ? t('error.network') : err.text(lang) || t('error.generic'));
}

/** ErrorAlert shows an API error that concerns no single field. */
export function ErrorAlert({ error, onRetry }: { error: ApiError | undefined; onRetry?: () => void }) {
  const { t } = useI18n();
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert type="error" role="alert">
      <Paragraph>{text(error)}</Paragraph>
      {onRetry && (
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </Alert>
  );
}
