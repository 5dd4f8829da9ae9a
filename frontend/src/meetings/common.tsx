// Pieces shared by the meeting screens: the meetings API of the session,
// the state badge, the visibility picker and the personal-data dialog.
import { useMemo, type ReactNode } from 'react';
import { Alert, Paragraph } from '@utrecht/component-library-react';
import { ApiError } from '../api/client';
import { MeetingsApi, type MeetingState } from '../api/meetings';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import './meetings.css';

/** useMeetingsApi is the meetings part of the session's REST client. */
export function useMeetingsApi(): MeetingsApi {
  const { api } = useSession();
  return useMemo(() => new MeetingsApi(api), [api]);
}

/** asApiError makes every failure an ApiError, as the other screens do. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, { code: 'network' });
}

/** ErrorNote is an error message that concerns no single field. */
export function ErrorNote({ children }: { children: ReactNode }) {
  return <Alert type="error" role="alert"><Paragraph>{children}</Paragraph></Alert>;
}

export function MeetingStateBadge({ state }: { state: MeetingState }) {
  const { t } = useI18n();
  return <span className={`kh-mstate kh-mstate--${state}`} data-state={state}>{t(`meeting.state.${state}`)}</span>;
}

export { VisibilityPicker, visibilityOf, type VisibilityValue } from '../ui/VisibilityPicker';

/** PersonalDataDialog lives in src/ui now; the meeting screens keep importing it from here. */
export { PersonalDataDialog } from '../ui/PersonalDataDialog';

/** isURL: a location that is a meeting link, shown as a link. */
export function isURL(s: string): boolean {
  return /^https?:\/\/\S+$/.test(s.trim());
}
