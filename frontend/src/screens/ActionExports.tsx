// The actions table's downloads: CSV and XLSX of exactly the actions the
// table's filters and sorting select (all pages), as the viewer may see them.
import { actionsExportURL } from '../api/exports';
import type { ActionQuery, ID } from '../api/types';
import { useI18n } from '../i18n/i18n';
import '../progress/progress.css';

export function ActionExports({ workspaceID, query }: { workspaceID: ID; query: ActionQuery }) {
  const { t, lang } = useI18n();
  return (
    <nav className="kh-action-exports" aria-label={t('exports.filtered')}>
      <ul className="kh-plain-list">
        <li><a className="utrecht-link" href={actionsExportURL(workspaceID, 'csv', lang, query)} download data-testid="export-csv">{t('exports.filteredCsv')}</a></li>
        <li><a className="utrecht-link" href={actionsExportURL(workspaceID, 'xlsx', lang, query)} download data-testid="export-xlsx">{t('exports.filteredXlsx')}</a></li>
      </ul>
    </nav>
  );
}
