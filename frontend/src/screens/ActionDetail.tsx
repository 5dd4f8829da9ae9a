import { useState, type FormEvent } from 'react';
import { ButtonLink, Heading2, Paragraph } from '@utrecht/component-library-react';
import { ApiError, warningsOf } from '../api/client';
import type { Action, Comment, HubEvent, PersonalDataWarning } from '../api/types';
import { isOverdue, mayOn } from '../actions';
import { formatDate, formatDateTime, formatNumber, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, navigate, paths } from '../router';
import { orgName, personName, userName, useSession, type Session } from '../session';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { PersonalDataDialog } from '../ui/PersonalDataDialog';
import { ActionStatusBadge, OverdueBadge } from '../ui/StatusBadge';
import { describeEvent } from './events';
import { Restricted } from './parts';
import { Escalation } from '../meetings/Escalation';

/** ActionDetail shows one action, its comments and its history, live. */
export function ActionDetail({ actionID }: { actionID: number }) {
  const s = useSession();
  const { t } = useI18n();
  const { workspace: ws, ticks } = useWorkspace();
  const action = useLoad(() => s.api.action(actionID), [actionID, ticks.action]);
  const goals = useLoad(() => s.api.goals(ws.id), [ws.id, ticks.goal]);
  const a = action.data;
  if (action.error?.status === 404) {
    return (
      <>
        <PageTitle>{t('ws.actions')}</PageTitle>
        <Paragraph>{t('action.gone')}</Paragraph>
        <Paragraph><Link href={paths.actions(ws.id)}>{t('action.back')}</Link></Paragraph>
      </>
    );
  }
  if (!a) return <><ErrorAlert error={action.error} onRetry={action.reload} />{!action.error && <Paragraph>{t('app.loading')}</Paragraph>}</>;
  const goal = goals.data?.find((g) => g.id === a.goal_id);
  return (
    <>
      <Paragraph><Link href={paths.actions(ws.id)}>{t('action.back')}</Link></Paragraph>
      <PageTitle>{a.title}</PageTitle>
      <p className="kh-detail-badges">
        <ActionStatusBadge status={a.status} /> {isOverdue(a) && <OverdueBadge />} <Restricted visibility={a.visibility} />
      </p>
      {mayOn(a, 'edit') && (
        <p>
          <ButtonLink appearance="secondary-action-button" href={paths.editAction(ws.id, a.id)} onClick={(e) => { e.preventDefault(); navigate(paths.editAction(ws.id, a.id)); }}>
            {t('action.edit')}
          </ButtonLink>
        </p>
      )}
      <ErrorAlert error={action.error} onRetry={action.reload} />
      <section aria-labelledby="details">
        <Heading2 id="details">{t('action.details')}</Heading2>
        <dl className="kh-dl">
          <dt>{t('action.description')}</dt>
          <dd>{a.description || t('action.none')}</dd>
          <dt>{t('actions.owner')}</dt>
          <dd>{orgName(s, a.owner_organisation_id)}</dd>
          <dt>{t('actions.lead')}</dt>
          <dd>{userName(s, a.lead_user_id) || t('action.none')}</dd>
          <dt>{t('action.goal')}</dt>
          <dd>{goal?.title ?? t('action.noGoal')}</dd>
          <dt>{t('actions.due')}</dt>
          <dd>{a.due_date ? formatDate(a.due_date) : t('action.none')}</dd>
          <dt>{t('actions.progress')}</dt>
          <dd>{a.count_target === null ? t('action.none') : `${formatNumber(a.count_done)} ${t('actions.ofTarget', { target: formatNumber(a.count_target) })}`}</dd>
          <dt>{t('action.externalRef')}</dt>
          <dd>{a.external_ref || t('action.none')}</dd>
          <dt>{t('action.visibility')}</dt>
          <dd>
            {a.visibility.scope === 'restricted'
              ? (a.visibility.organisations ?? []).map((id) => orgName(s, id)).join(', ')
              : t('action.visibleWorkspace')}
          </dd>
        </dl>
      </section>
      <Escalation action={a} />
      <Comments action={a} />
      <History action={a} />
    </>
  );
}

function Comments({ action: a }: { action: Action }) {
  const s = useSession();
  const { t } = useI18n();
  const text = useErrorText();
  const { ticks } = useWorkspace();
  const comments = useLoad(() => s.api.comments(a.id), [a.id, ticks.comment]);
  const [body, setBody] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const mayComment = mayOn(a, 'comment');
  const send = async (confirmed: boolean) => {
    setBusy(true);
    try {
      await s.api.createComment(a.id, body, undefined, confirmed);
      setBody('');
      setError(undefined);
      comments.reload();
    } catch (err) {
      const found = warningsOf(err);
      if (found.length > 0) {
        setError(undefined);
        setWarnings(found);
      } else {
        setError(err instanceof ApiError ? err : new ApiError(0, { code: 'network' }));
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(false);
  };
  return (
    <section aria-labelledby="comments">
      <Heading2 id="comments">{t('action.comments')}</Heading2>
      {comments.data?.length === 0 && <Paragraph>{t('action.noComments')}</Paragraph>}
      <ol className="kh-comments">
        {(comments.data ?? []).map((c) => (
          <li key={c.id} className="kh-comment">
            <p className="kh-comment__meta">
              <strong>{authorOf(s, c)}</strong> ({orgName(s, c.author_organisation_id)}),{' '}
              <time dateTime={c.created_at}>{formatDateTime(c.created_at)}</time> <Restricted visibility={c.visibility} />
            </p>
            <p className="kh-comment__body">{c.body}</p>
          </li>
        ))}
      </ol>
      {mayComment && (
        <form onSubmit={submit} className="kh-form" noValidate>
          <div className={`utrecht-form-field utrecht-form-field--textarea${error ? ' utrecht-form-field--invalid' : ''}`}>
            <label htmlFor="comment-body" className="utrecht-form-label">{t('action.commentLabel')}</label>
            {error && <p id="comment-error" className="utrecht-form-field-error-message" role="alert">{text(error)}</p>}
            <textarea
              id="comment-body"
              className="utrecht-textarea utrecht-textarea--html-textarea"
              rows={3}
              value={body}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'comment-error' : undefined}
              onChange={(e) => setBody(e.target.value)}
            />
          </div>
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy}>
            {t('action.commentSend')}
          </button>
        </form>
      )}
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          label={(f) => (f === 'body' ? t('action.commentLabel') : undefined)}
          editTarget="comment-body"
          onCancel={() => setWarnings(undefined)}
          onConfirm={() => {
            setWarnings(undefined);
            void send(true);
          }}
        />
      )}
    </section>
  );
}

/** History lists the action's events; the log is readable by regisseurs only. */
function History({ action: a }: { action: Action }) {
  const s = useSession();
  const { t } = useI18n();
  const { workspace: ws, ticks } = useWorkspace();
  const allowed = ws.my_role === 'regisseur';
  const events = useLoad(
    async () => (allowed ? (await s.api.events(ws.id, 0, 1000)).filter((ev) => isAbout(ev, a.id)) : []),
    [ws.id, a.id, ticks.action, ticks.comment, allowed],
  );
  const items = [...(events.data ?? [])].reverse();
  return (
    <section aria-labelledby="history">
      <Heading2 id="history">{t('action.history')}</Heading2>
      {!allowed && <Paragraph>{t('action.historyRegisseur')}</Paragraph>}
      {allowed && events.data?.length === 0 && <Paragraph>{t('action.noHistory')}</Paragraph>}
      <ol className="kh-timeline">
        {items.map((ev) => (
          <li key={ev.id} className="kh-timeline__item">
            <time dateTime={ev.created_at} className="kh-timeline__time">{formatDateTime(ev.created_at)}</time>
            <span>
              <strong>{t('activity.by', { actor: userName(s, ev.actor_user_id), organisation: orgName(s, ev.actor_organisation_id) })}</strong>{' '}
              {describeEvent(t, ev, (id) => orgName(s, id))}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function isAbout(ev: HubEvent, actionID: number): boolean {
  if (ev.subject === 'action') return ev.subject_id === actionID;
  const p = ev.payload as { subject?: string; subject_id?: number } | null;
  return ev.subject === 'comment' && p?.subject === 'action' && p.subject_id === actionID;
}

/**
 * authorOf names a comment's author: the name the hub gave, else (a
 * shielded officer of another organisation) the directory's or the
 * comment's function and organisation, never an empty name.
 */
function authorOf(s: Session, c: Comment): string {
  if (c.author_name.trim()) return c.author_name;
  const u = s.users.get(c.author_user_id);
  if (u) return personName(s, u);
  return personName(s, { function: c.author_function, organisation_id: c.author_organisation_id, shielded: true });
}
