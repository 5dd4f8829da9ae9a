import { useEffect, useRef } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import { useI18n } from '../i18n/i18n';

export interface ConflictField {
  label: string;
  mine: string;
  theirs: string;
}

/**
 * ConflictDialog appears when a change was based on an old version: it shows
 * the newer value beside the user's and lets them keep theirs (saved on top
 * of the new version) or take the new one. Nothing is lost silently.
 */
export function ConflictDialog({ fields, onKeepMine, onTakeTheirs, title }: {
  fields: ConflictField[];
  /** The dialog's heading, when the changed object is not an action. */
  title?: string;
  onKeepMine(): void;
  onTakeTheirs(): void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="kh-dialog" aria-labelledby="kh-conflict-title" onCancel={(e) => { e.preventDefault(); onTakeTheirs(); }}>
      <Heading2 id="kh-conflict-title">{title ?? t('conflict.title')}</Heading2>
      <Paragraph>{t('conflict.intro')}</Paragraph>
      <table className="utrecht-table kh-conflict-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th scope="col" className="utrecht-table__header-cell">{t('conflict.field')}</th>
            <th scope="col" className="utrecht-table__header-cell">{t('conflict.mine')}</th>
            <th scope="col" className="utrecht-table__header-cell">{t('conflict.theirs')}</th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {fields.map((f) => (
            <tr key={f.label} className="utrecht-table__row">
              <th scope="row" className="utrecht-table__header-cell">{f.label}</th>
              <td className="utrecht-table__cell">{f.mine}</td>
              <td className="utrecht-table__cell" data-testid="conflict-theirs">{f.theirs}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="kh-buttons">
        <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={onKeepMine}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onTakeTheirs}>
          {t('conflict.takeTheirs')}
        </button>
      </div>
    </dialog>
  );
}
