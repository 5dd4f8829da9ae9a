import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Paragraph } from '@utrecht/component-library-react';
import { ApiError, warningsOf } from '../api/client';
import type { Goal, ID, PersonalDataWarning } from '../api/types';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { useSession } from '../session';
import { useErrorText } from '../ui/ErrorAlert';
import { PersonalDataDialog } from '../ui/PersonalDataDialog';
import { firstWarnedField } from '../ui/personalData';
import { emptyGoal, goalFields, goalInputOf, goalPatchOf, goalValuesOf, targetCleared, type GoalField, type GoalValues } from './goalForm';

const labels: Record<GoalField, MessageKey> = {
  title: 'form.title', description: 'form.description', target: 'goals.target', unit: 'goals.unit',
};

/**
 * GoalForm adds a goal to a workspace, or changes one (goal), for a
 * regisseur. What was typed stays on every error; text that looks like
 * personal data is saved only after the user confirms it.
 */
export function GoalForm({ workspaceID, goal, onDone, onCancel }: {
  workspaceID: ID;
  goal?: Goal | undefined;
  onDone(): void;
  onCancel?: (() => void) | undefined;
}) {
  const { api } = useSession();
  const { t } = useI18n();
  const text = useErrorText();
  // The form starts from the goal as first shown; later versions never overwrite the input.
  const [base] = useState<GoalValues>(() => (goal ? goalValuesOf(goal) : emptyGoal));
  const [values, setValues] = useState<GoalValues>(base);
  const [error, setError] = useState<ApiError>();
  const [cleared, setCleared] = useState(false);
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const prefix = goal ? `goal-${goal.id}` : 'goal-new';

  useEffect(() => {
    // An edit form opens in place of the goal: the focus goes into it.
    if (goal) first.current?.focus();
  }, [goal !== undefined]);

  const save = async (confirmed: boolean) => {
    if (goal && targetCleared(values, base)) {
      setCleared(true);
      return;
    }
    setCleared(false);
    setBusy(true);
    try {
      if (goal) await api.updateGoal(goal, goalPatchOf(values, base), confirmed);
      else await api.createGoal(workspaceID, goalInputOf(values), confirmed);
      setError(undefined);
      if (!goal) setValues(emptyGoal);
      onDone();
    } catch (e) {
      const found = warningsOf(e);
      if (found.length > 0) {
        setError(undefined);
        setWarnings(found);
      } else {
        setError(e instanceof ApiError ? e : new ApiError(0, { code: 'network' }));
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  const errField = goalFields.find((f) => f === error?.field);
  const errorFor = (f: GoalField) => (f === 'target' && cleared ? t('goals.targetCleared') : errField === f && error ? text(error) : undefined);
  const field = (f: GoalField, multiline = false) => {
    const id = `${prefix}-${f}`;
    const err = errorFor(f);
    const common = {
      id,
      value: values[f],
      'aria-invalid': err ? true : undefined,
      'aria-describedby': err ? `${id}-error` : undefined,
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value })),
    };
    return (
      <div className={`utrecht-form-field${err ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={id} className="utrecht-form-label">{t(labels[f])}</label>
        {err && <p id={`${id}-error`} className="utrecht-form-field-error-message">{err}</p>}
        {multiline ? (
          <textarea className="utrecht-textarea utrecht-textarea--html-textarea" rows={3} {...common} />
        ) : (
          <input
            type="text"
            ref={f === 'title' ? first : undefined}
            inputMode={f === 'target' ? 'decimal' : undefined}
            className={`utrecht-textbox utrecht-textbox--html-input${f === 'target' ? ' kh-short' : ''}`}
            aria-required={f === 'title' ? true : undefined}
            {...common}
          />
        )}
      </div>
    );
  };

  const firstWarned = warnings && firstWarnedField(warnings, goalFields);
  return (
    <form className="kh-form" onSubmit={submit} noValidate aria-label={goal ? t('goals.editGoal', { title: goal.title }) : undefined}>
      {error && !errField && <Alert type="error" role="alert"><Paragraph>{text(error)}</Paragraph></Alert>}
      {field('title')}
      {field('description', true)}
      {field('target')}
      {field('unit')}
      <div className="kh-buttons">
        <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy} aria-disabled={busy}>
          {busy ? t('form.saving') : goal ? t('form.save') : t('goals.add')}
        </button>
        {onCancel && (
          <button type="button" className="utrecht-button utrecht-button--secondary-action" onClick={onCancel}>{t('form.cancel')}</button>
        )}
      </div>
      {warnings && (
        <PersonalDataDialog
          warnings={warnings}
          label={(f) => {
            const known = goalFields.find((g) => g === f);
            return known && t(labels[known]);
          }}
          editTarget={firstWarned && `${prefix}-${firstWarned}`}
          onCancel={() => setWarnings(undefined)}
          onConfirm={() => {
            setWarnings(undefined);
            void save(true);
          }}
        />
      )}
    </form>
  );
}
