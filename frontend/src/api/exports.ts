// Addresses of the export documents that follow what a screen shows: the
// actions export with the actions table's filters and sorting (never its
// page: an export holds every matching action the viewer may see).
import { query } from './client';
import type { ActionQuery, DateString, ID } from './types';

/** ExportQuery is the actions table's filters, with the due-date range the API also takes. */
export type ExportQuery = Omit<ActionQuery, 'page' | 'per_page'> & { due_before?: DateString; due_after?: DateString };

/** actionsExportURL is GET /api/v1/workspaces/{id}/actions/export with the table's filters. */
export function actionsExportURL(workspaceID: ID, format: 'csv' | 'xlsx', lang: string, q: ExportQuery): string {
  return `/api/v1/workspaces/${workspaceID}/actions/export` + query({
    format,
    lang,
    status: q.status && q.status.length > 0 ? q.status.join(',') : undefined,
    owner: q.owner,
    goal: q.goal,
    due_before: q.due_before,
    due_after: q.due_after,
    overdue: q.overdue ? true : undefined,
    sort: q.sort,
    order: q.sort ? q.order : undefined,
  });
}
