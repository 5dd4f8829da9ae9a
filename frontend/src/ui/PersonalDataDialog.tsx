import { useEffect, useRef } from 'react';
import { Heading2, Paragraph } from '@utrecht/component-library-react';
import type { PersonalDataWarning } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { joinList, kindsByField } from './personalData';

/**
 * PersonalDataDialog shows what in the user's text looks like a citizen's
 * personal data (the hub's 422 personal_data) and asks before saving it as
 * it is. Cancelling keeps the text in the form to edit.
 *
 * With label, it lists per field (by its label in the form) the kinds
 * found; fields without a label show the hub's own message. With editTarget,
 * cancelling puts the focus on that element (the first warned field) once
 * the dialog has closed; otherwise the browser returns it where it was.
 */
export function PersonalDataDialog({ warnings, onConfirm, onCancel, label, editTarget }: {
  warnings: PersonalDataWarning[];
  onConfirm(): void;
  onCancel(): void;
  label?: ((field: string) => string | undefined) | undefined;
  editTarget?: string | undefined;
}) {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const cancel = () => {
    // close() first: it returns the focus to where it was before the dialog,
    // which would undo focusing the field.
    ref.current?.close();
    if (editTarget) document.getElementById(editTarget)?.focus();
    onCancel();
  };
  const lines = kindsByField(warnings).flatMap(({ field, kinds }) => {
    const name = label?.(field);
    if (name) return [t('pd.field', { field: name, kinds: joinList(lang, kinds.map((k) => t(`pd.kind.${k}`))) })];
    return warnings.filter((w) => w.field === field).map((w) => (lang === 'en' ? w.message || w.message_nl : w.message_nl || w.message));
  });
  return (
    <dialog ref={ref} className="kh-dialog" aria-labelledby="kh-pd-title" data-testid="personal-data" onCancel={(e) => { e.preventDefault(); cancel(); }}>
      <Heading2 id="kh-pd-title">{t('pd.title')}</Heading2>
      <Paragraph>{t('pd.intro')}</Paragraph>
      <ul className="kh-pd-list">
        {lines.map((l, i) => <li key={i}>{l}</li>)}
      </ul>
      <Paragraph>{t('pd.hint')}</Paragraph>
      <div className="kh-buttons">
        <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={cancel}>{t('pd.edit')}</button>
        <button type="button" className="utrecht-button utrecht-button--primary-action" onClick={onConfirm}>{t('pd.confirm')}</button>
      </div>
    </dialog>
  );
}
