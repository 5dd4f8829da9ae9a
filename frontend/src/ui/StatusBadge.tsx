import type { ActionStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** ActionStatusBadge shows a status in words, with a colour per status as a second cue. */
export function ActionStatusBadge({ status }: { status: ActionStatus }) {
  const { t } = useI18n();
  return <span className={`utrecht-status-badge kh-status kh-status--${status}`}>{t(`status.${status}`)}</span>;
}

export function OverdueBadge() {
  const { t } = useI18n();
  return <span className="kh-overdue">{t('actions.overdue')}</span>;
}
