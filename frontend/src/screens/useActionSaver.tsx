import { useState, type ReactNode } from 'react';
import { ApiError, warningsOf } from '../api/client';
import type { Action, ActionPatch, PersonalDataWarning } from '../api/types';
import { useI18n, type T } from '../i18n/i18n';
import { ConflictDialog } from '../ui/ConflictDialog';
import { PersonalDataDialog } from '../ui/PersonalDataDialog';
import { useSession } from '../session';

interface Pending {
  action: Action;
  patch: ActionPatch;
  current: Action;
}

/** Warned is a change the hub found personal data in, waiting for the user's answer. */
interface Warned {
  action: Action;
  patch: ActionPatch;
  version: number;
  warnings: PersonalDataWarning[];
}

/** describePatch lists the fields of a small patch with both values, for the conflict dialog. */
export function describeFields(t: T, patch: ActionPatch, current: Action): { label: string; mine: string; theirs: string }[] {
  const out: { label: string; mine: string; theirs: string }[] = [];
  if (patch.status !== undefined) out.push({ label: t('actions.status'), mine: t(`status.${patch.status}`), theirs: t(`status.${current.status}`) });
  if (patch.count_done !== undefined) out.push({ label: t('action.countDone'), mine: String(patch.count_done), theirs: String(current.count_done) });
  return out;
}

/**
 * useActionSaver saves quick changes (status, count done) of listed actions.
 * A change based on an old version opens the conflict dialog with the newer
 * value; text that looks like personal data opens the personal-data
 * dialog; other errors are kept per action to show next to its controls.
 */
export function useActionSaver(onSaved: (a: Action) => void): {
  save(a: Action, patch: ActionPatch): Promise<boolean>;
  errors: Map<number, ApiError>;
  dialog: ReactNode;
} {
  const { api } = useSession();
  const { t } = useI18n();
  const [errors, setErrors] = useState(new Map<number, ApiError>());
  const [pending, setPending] = useState<Pending>();
  const [warned, setWarned] = useState<Warned>();

  const setError = (id: number, e: ApiError | undefined) =>
    setErrors((m) => {
      const n = new Map(m);
      if (e) n.set(id, e);
      else n.delete(id);
      return n;
    });

  const save = async (a: Action, patch: ActionPatch, version = a.version, confirmed = false): Promise<boolean> => {
    try {
      const saved = await api.updateAction(a.id, version, patch, confirmed);
      setError(a.id, undefined);
      onSaved(saved);
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, { code: 'network' });
      const found = warningsOf(err);
      if (found.length > 0) {
        setError(a.id, undefined);
        setWarned({ action: a, patch, version, warnings: found });
      } else if (err.isStale) {
        setError(a.id, undefined);
        setPending({ action: a, patch, current: err.current as Action });
      } else {
        setError(a.id, err);
      }
      return false;
    }
  };

  const fieldLabel = (f: string) => (f === 'title' ? t('form.title') : f === 'description' ? t('form.description') : undefined);
  const dialog = warned ? (
    <PersonalDataDialog
      warnings={warned.warnings}
      label={fieldLabel}
      onCancel={() => setWarned(undefined)}
      onConfirm={() => {
        const w = warned;
        setWarned(undefined);
        void save(w.action, w.patch, w.version, true);
      }}
    />
  ) : pending ? (
    <ConflictDialog
      fields={describeFields(t, pending.patch, pending.current)}
      onKeepMine={() => {
        const p = pending;
        setPending(undefined);
        void save(p.current, p.patch, p.current.version);
      }}
      onTakeTheirs={() => {
        const p = pending;
        setPending(undefined);
        onSaved(p.current);
      }}
    />
  ) : null;

  return { save: (a, patch) => save(a, patch), errors, dialog };
}
