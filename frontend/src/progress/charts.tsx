// The Voortgang charts as inline SVG: each is one image (role="img") with a
// title and a description that say in words what it shows, a legend in
// text, and the same figures as a table behind a disclosure. Colours come
// from the design tokens through progress.css (the content security policy
// allows no inline styles); every colour has at least 3:1 contrast with the
// white around it, and no figure is told by colour alone.
import { useId } from 'react';
import type { ActionStatus } from '../api/types';
import { formatNumber, useI18n } from '../i18n/i18n';
import { formatShare, truncate, type GoalBar, type StatusBar } from './chart';

/** useGoalText is the progress of one goal in words, for the chart, its description and the table. */
export function useGoalText(): (b: GoalBar) => string {
  const { t } = useI18n();
  return (b) => {
    if (b.kind === 'count') return t('progress.goalCount', { value: formatNumber(b.value), max: formatNumber(b.max), unit: b.unit });
    if (b.kind === 'actions') return t('progress.goalActions', { value: formatNumber(b.value), max: formatNumber(b.max) });
    return t('progress.goalNone');
  };
}

const goalWidth = 640;
const goalBarWidth = 380;
const goalRow = 50;

/** GoalChart draws each goal as a horizontal bar of its progress, with the figures beside it. */
export function GoalChart({ bars, workspace }: { bars: GoalBar[]; workspace: string }) {
  const { t } = useI18n();
  const id = useId();
  const text = useGoalText();
  const height = bars.length * goalRow + 4;
  const line = (b: GoalBar) => t('progress.goalLine', { title: b.title, progress: text(b), share: formatShare(b.share) });
  return (
    <figure className="kh-chart-figure">
      <svg
        className="kh-chart kh-chart--goals"
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        viewBox={`0 0 ${goalWidth} ${height}`}
        width={goalWidth}
        height={height}
        data-testid="goal-chart"
      >
        <title id={`${id}-t`}>{t('progress.goalsChart', { workspace })}</title>
        <desc id={`${id}-d`}>{t('progress.goalsDesc', { list: bars.map(line).join('; ') })}</desc>
        {bars.map((b, i) => {
          const y = i * goalRow;
          const done = b.kind !== 'none' && b.share >= 1;
          return (
            <g key={b.id} data-goal-id={b.id}>
              <text x={0} y={y + 16} className="kh-chart__label">{truncate(b.title, 70)}</text>
              <rect x={0.5} y={y + 24.5} width={goalBarWidth} height={18} rx={2} className="kh-chart__track" />
              {b.share > 0 && (
                <rect x={0.5} y={y + 24.5} width={Math.max(2, goalBarWidth * b.share)} height={18} rx={2} className={`kh-chart__fill${done ? ' kh-chart__fill--done' : ''}`} />
              )}
              <text x={goalBarWidth + 12} y={y + 39} className="kh-chart__value">
                {b.kind === 'none' ? text(b) : `${text(b)} · ${formatShare(b.share)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const statusWidth = 420;

/** StatusChart draws the actions as one bar split by status, with the overdue share beneath it. */
export function StatusChart({ bar, workspace }: { bar: StatusBar; workspace: string }) {
  const { t } = useI18n();
  const id = useId();
  const list = bar.rows.filter((r) => r.count > 0).map((r) => t('progress.statusLine', { status: t(`status.${r.status}`), count: formatNumber(r.count) }));
  const overdueText = t('progress.overdue', { count: formatNumber(bar.overdue) });
  return (
    <figure className="kh-chart-figure">
      <svg
        className="kh-chart kh-chart--status"
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        viewBox={`0 0 ${statusWidth} 74`}
        width={statusWidth}
        height={74}
        data-testid="status-chart"
      >
        <title id={`${id}-t`}>{t('progress.statusChart', { workspace })}</title>
        <desc id={`${id}-d`}>
          {t('progress.statusDesc', { total: formatNumber(bar.total), list: list.join(', '), overdue: formatNumber(bar.overdue) })}
        </desc>
        {bar.segments.map((s) => (
          <rect
            key={s.status}
            x={s.start * statusWidth}
            y={1}
            width={Math.max(1, s.width * statusWidth)}
            height={28}
            className={`kh-chart__seg kh-chart__seg--${s.status}`}
            data-status={s.status}
            data-count={s.count}
          />
        ))}
        <rect x={0.5} y={38.5} width={statusWidth - 1} height={10} className="kh-chart__track" />
        {bar.overdue > 0 && (
          <rect x={0.5} y={38.5} width={Math.max(2, (statusWidth - 1) * bar.overdueShare)} height={10} className="kh-chart__overdue" data-testid="overdue-bar" />
        )}
        <text x={0} y={68} className={bar.overdue > 0 ? 'kh-chart__overdue-text' : 'kh-chart__value'}>
          {bar.overdue > 0 ? overdueText : t('progress.overdueNone')}
        </text>
      </svg>
    </figure>
  );
}

/** StatusLegend names each colour of the status bar with its count, in text. */
export function StatusLegend({ bar }: { bar: StatusBar }) {
  const { t } = useI18n();
  return (
    <ul className="kh-legend" aria-label={t('progress.legend')}>
      {bar.rows.map((r) => (
        <li key={r.status} className="kh-legend__item" data-status={r.status}>
          <Swatch status={r.status} /> {t(`status.${r.status}`)}: <strong>{formatNumber(r.count)}</strong>
        </li>
      ))}
    </ul>
  );
}

function Swatch({ status }: { status: ActionStatus }) {
  return (
    <svg className="kh-swatch" viewBox="0 0 14 14" width={14} height={14} aria-hidden="true" focusable="false">
      <rect x={0} y={0} width={14} height={14} className={`kh-chart__seg kh-chart__seg--${status}`} />
    </svg>
  );
}

/** GoalTable is the goal chart's figures as a table. */
export function GoalTable({ bars, workspace }: { bars: GoalBar[]; workspace: string }) {
  const { t } = useI18n();
  const text = useGoalText();
  return (
    <details className="kh-chart-table">
      <summary>{t('progress.showTable')}</summary>
      <div className="kh-table-wrap">
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">{t('progress.goalsTable', { workspace })}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">{t('progress.colGoal')}</th>
              <th scope="col" className="utrecht-table__header-cell">{t('progress.colProgress')}</th>
              <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">{t('progress.colShare')}</th>
              <th scope="col" className="utrecht-table__header-cell">{t('progress.colActions')}</th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {bars.map((b) => (
              <tr key={b.id} className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell">{b.title}</th>
                <td className="utrecht-table__cell">{text(b)}</td>
                <td className="utrecht-table__cell utrecht-table__cell--numeric">{b.kind === 'none' ? '–' : formatShare(b.share)}</td>
                <td className="utrecht-table__cell">{t('goals.actions', { done: formatNumber(b.done), actions: formatNumber(b.actions) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** StatusTable is the status chart's figures as a table. */
export function StatusTable({ bar, workspace }: { bar: StatusBar; workspace: string }) {
  const { t } = useI18n();
  return (
    <details className="kh-chart-table">
      <summary>{t('progress.showTable')}</summary>
      <div className="kh-table-wrap">
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">{t('progress.statusTable', { workspace })}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th scope="col" className="utrecht-table__header-cell">{t('progress.colStatus')}</th>
              <th scope="col" className="utrecht-table__header-cell utrecht-table__header-cell--numeric">{t('progress.colCount')}</th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {bar.rows.map((r) => (
              <tr key={r.status} className="utrecht-table__row">
                <th scope="row" className="utrecht-table__header-cell">{t(`status.${r.status}`)}</th>
                <td className="utrecht-table__cell utrecht-table__cell--numeric">{formatNumber(r.count)}</td>
              </tr>
            ))}
            <tr className="utrecht-table__row">
              <th scope="row" className="utrecht-table__header-cell">{t('progress.rowTotal')}</th>
              <td className="utrecht-table__cell utrecht-table__cell--numeric">{formatNumber(bar.total)}</td>
            </tr>
            <tr className="utrecht-table__row">
              <th scope="row" className="utrecht-table__header-cell">{t('progress.rowOverdue')}</th>
              <td className="utrecht-table__cell utrecht-table__cell--numeric">{formatNumber(bar.overdue)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </details>
  );
}
