// The driehoek's preparation view across themes: for the next meeting of a
// driehoek workspace, what the theme workspaces put forward and which
// decisions are asked; and the overdue actions of the theme workspaces the
// viewer's organisation is in. Each part shows only what the viewer may see.
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { AgendaItem, Meeting } from '../api/meetings';
import { formatDate, formatDateTime, useI18n } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { Link, paths } from '../router';
import { orgName, useSession } from '../session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { RestrictedMarker } from '../ui/Restricted';
import { ActionStatusBadge } from '../ui/StatusBadge';
import { useMeetingsApi } from './common';

const preparing: ReadonlySet<Meeting['state']> = new Set(['concept', 'agenda_open', 'agenda_vastgesteld']);

/** nextMeeting is the first meeting still being prepared, by start time. */
export function nextMeeting(meetings: Meeting[]): Meeting | undefined {
  return [...meetings].filter((m) => preparing.has(m.state)).sort((a, b) => a.starts_at.localeCompare(b.starts_at))[0];
}

/** DriehoekPrep is shown on the meetings tab of a driehoek workspace. */
export function DriehoekPrep({ meetings }: { meetings: Meeting[] }) {
  const { t } = useI18n();
  const s = useSession();
  const mapi = useMeetingsApi();
  const { workspace: ws, ticks } = useWorkspace();
  const next = nextMeeting(meetings);
  const agenda = useLoad(() => (next ? mapi.agenda(next.id) : Promise.resolve([])), [next?.id, ticks.any]);
  const themes = s.me.memberships.filter((m) => !m.archived && m.workspace_id !== ws.id && m.theme !== 'driehoek');
  const overdue = useLoad(
    () => Promise.all(themes.map(async (m) => ({
      m, items: (await s.api.actions(m.workspace_id, { overdue: true, sort: 'due_date', order: 'asc', per_page: 100 })).items,
    }))),
    [themes.map((m) => m.workspace_id).join(','), ticks.any],
  );
  const titleOf = new Map(s.me.memberships.map((m) => [m.workspace_id, m.workspace_title]));
  const items = (agenda.data ?? []).filter((it) => !it.hidden && it.state !== 'afgewezen' && it.state !== 'doorgeschoven');
  // Put forward from a theme: the theme is named only to those who may see
  // what the item came from there.
  const forward = items.filter((it) => it.escalated && it.source_workspace_id !== ws.id);
  const from = (it: AgendaItem) => {
    const workspace = it.source_workspace_id ? titleOf.get(it.source_workspace_id) : undefined;
    const organisation = orgName(s, it.proposed_by_organisation_id);
    return workspace ? t('dh.from', { workspace, organisation }) : t('dh.fromOrganisation', { organisation });
  };
  const asked = items.filter((it) => it.kind === 'besluitvormend');
  const late = (overdue.data ?? []).filter((x) => x.items.length > 0);

  return (
    <section aria-labelledby="dh-prep" className="kh-dh">
      <Heading2 id="dh-prep">{t('dh.heading')}</Heading2>
      {!next ? (
        <Paragraph>{t('dh.noNext')}</Paragraph>
      ) : (
        <Paragraph>
          {t('dh.next')} <Link href={paths.meeting(next.id)}>{next.title}</Link>, <time dateTime={next.starts_at}>{formatDateTime(next.starts_at)}</time>
        </Paragraph>
      )}
      <ErrorAlert error={agenda.error ?? overdue.error} onRetry={() => { agenda.reload(); overdue.reload(); }} />
      {next && (
        <div className="kh-dh__cols">
          <section aria-labelledby="dh-forward">
            <h3 id="dh-forward" className="utrecht-heading-3">{t('dh.forward', { count: forward.length })}</h3>
            {agenda.data && forward.length === 0 && <Paragraph>{t('dh.noForward')}</Paragraph>}
            <ul className="kh-plain-list" data-testid="dh-forward">
              {forward.map((it) => (
                <li key={it.id}>
                  <strong>{it.title}</strong> <RestrictedMarker visibility={it.visibility} />
                  <br />
                  <span className="kh-muted">
                    {from(it)}
                    {' · '}{t(`agenda.state.${it.state}`)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="dh-asked">
            <h3 id="dh-asked" className="utrecht-heading-3">{t('dh.asked', { count: asked.length })}</h3>
            {agenda.data && asked.length === 0 && <Paragraph>{t('dh.noAsked')}</Paragraph>}
            <ul className="kh-plain-list" data-testid="dh-asked">
              {asked.map((it) => (
                <li key={it.id}>
                  <strong>{it.title}</strong> <RestrictedMarker visibility={it.visibility} />
                  <br />
                  <span className="kh-muted">{t('agenda.proposedBy', { organisation: orgName(s, it.proposed_by_organisation_id) })} · {t(`agenda.state.${it.state}`)}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
      <section aria-labelledby="dh-overdue">
        <h3 id="dh-overdue" className="utrecht-heading-3">{t('dh.overdue')}</h3>
        {overdue.data && late.length === 0 && <Paragraph>{t('dh.noOverdue')}</Paragraph>}
        {late.map(({ m, items: as }) => (
          <details key={m.workspace_id} className="kh-dh__theme">
            <summary>{t('dh.themeOverdue', { workspace: m.workspace_title, count: as.length })}</summary>
            <ul className="kh-plain-list">
              {as.map((a) => (
                <li key={a.id}>
                  <Link href={paths.action(m.workspace_id, a.id)}>{a.title}</Link> <ActionStatusBadge status={a.status} />{' '}
                  <span className="kh-muted">{orgName(s, a.owner_organisation_id)}{a.due_date ? ` · ${formatDate(a.due_date)}` : ''}</span>{' '}
                  <RestrictedMarker visibility={a.visibility} />
                </li>
              ))}
            </ul>
          </details>
        ))}
      </section>
    </section>
  );
}
