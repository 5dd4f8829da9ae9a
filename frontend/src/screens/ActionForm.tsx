import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Paragraph } from '@utrecht/component-library-react';
import { ApiError, warningsOf } from '../api/client';
import { actionStatuses, type Action, type ActionStatus, type PersonalDataWarning } from '../api/types';
import { canCreate, mayOn } from '../actions';
import { formatDate, useI18n, type MessageKey } from '../i18n/i18n';
import { useLoad, useWorkspace } from '../live';
import { navigate, paths } from '../router';
import { orgName, personName, userName, useSession } from '../session';
import { ConflictDialog, type ConflictField } from '../ui/ConflictDialog';
import { ErrorAlert, useErrorText } from '../ui/ErrorAlert';
import { PageTitle } from '../ui/PageTitle';
import { PersonalDataDialog } from '../ui/PersonalDataDialog';
import { VisibilityPicker } from '../ui/VisibilityPicker';
import { firstWarnedField } from '../ui/personalData';
import { fieldOf, inputOf, patchOf, valuesOf, type Field, type Values } from './actionForm';

const labels: Record<Field, MessageKey> = {
  title: 'form.title', description: 'form.description', goal_id: 'form.goal', owner_organisation_id: 'form.owner',
  lead_user_id: 'form.lead', status: 'form.status', due_date: 'form.due', count_target: 'form.countTarget',
  count_done: 'form.countDone', external_ref: 'form.externalRef', scope: 'form.visibility', organisations: 'form.visOrganisations', users: 'form.visPeople',
};

/** ActionForm creates an action, or edits one (actionID), without ever losing what was typed. */
export function ActionForm({ actionID }: { actionID?: number }) {
  const s = useSession();
  const { t } = useI18n();
  const text = useErrorText();
  const { workspace: ws, members, ticks } = useWorkspace();
  const goals = useLoad(() => s.api.goals(ws.id), [ws.id, ticks.goal]);
  const editing = actionID !== undefined;
  const latest = useLoad(() => (editing ? s.api.action(actionID) : Promise.resolve(undefined)), [actionID, ticks.action]);
  const [base, setBase] = useState<Action>();
  const [values, setValues] = useState<Values>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<Action>();
  // The hub's personal-data warnings of the last save, and the values the
  // user then chose to save anyway (so a conflict's re-save does not ask again).
  const [warnings, setWarnings] = useState<PersonalDataWarning[]>();
  const confirmedValues = useRef<Values>(undefined);
  const summary = useRef<HTMLDivElement>(null);

  // The form starts from the action as first loaded; later versions are
  // announced, never written over the user's input.
  useEffect(() => {
    if (editing && latest.data && !base) {
      setBase(latest.data);
      setValues(valuesOf(latest.data));
    }
  }, [editing, latest.data, base]);
  useEffect(() => {
    if (!editing && !values) {
      setValues({
        title: '', description: '', goal_id: '', owner_organisation_id: String(s.me.organisation.id), lead_user_id: '',
        status: 'open', due_date: '', count_target: '', count_done: '0', external_ref: '', scope: 'workspace', organisations: [], users: [],
      });
    }
  }, [editing, values, s.me.organisation.id]);
  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error]);

  if (editing && latest.error?.status === 404) return <Paragraph>{t('action.gone')}</Paragraph>;
  if (!values) return <><ErrorAlert error={latest.error} onRetry={latest.reload} /><Paragraph>{t('app.loading')}</Paragraph></>;
  const allowed = editing ? !!base && mayOn(base, 'edit') : canCreate(ws.my_role);
  const creator = base?.created_by_organisation_id ?? s.me.organisation.id;
  const newer = editing && base && latest.data && latest.data.version > base.version ? latest.data : undefined;

  const set = <F extends Field>(f: F, v: Values[F]) => setValues((old) => (old ? { ...old, [f]: v } : old));
  const errField = fieldOf(error?.field);
  const errorFor = (f: Field) => (errField === f && error ? text(error) : undefined);

  const save = async (v: Values, on: Action | undefined) => {
    setBusy(true);
    const confirmed = confirmedValues.current === v;
    try {
      const saved = on
        ? await s.api.updateAction(on.id, on.version, patchOf(v, valuesOf(base ?? on)), confirmed)
        : await s.api.createAction(ws.id, inputOf(v), confirmed);
      navigate(paths.action(ws.id, saved.id));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, { code: 'network' });
      const found = warningsOf(err);
      if (found.length > 0) {
        setError(undefined);
        setWarnings(found);
      } else if (on && err.isStale) {
        setError(undefined);
        setConflict(err.current as Action);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(values, base);
  };

  const owners = ws.my_role === 'regisseur' ? members : members.filter((m) => m.organisation_id === s.me.organisation.id);
  const leads = [...s.users.values()].filter((u) => String(u.organisation_id) === values.owner_organisation_id);

  const display = (f: Field, v: Values): string => {
    switch (f) {
      case 'status':
        return t(`status.${v.status}`);
      case 'goal_id':
        return goals.data?.find((g) => String(g.id) === v.goal_id)?.title ?? t('action.noGoal');
      case 'owner_organisation_id':
        return orgName(s, Number(v.owner_organisation_id));
      case 'lead_user_id':
        return userName(s, Number(v.lead_user_id)) || t('form.noLead');
      case 'due_date':
        return v.due_date ? formatDate(v.due_date) : t('action.none');
      case 'scope':
      case 'organisations':
        return v.scope === 'restricted' ? v.organisations.map((id) => orgName(s, id)).join(', ') : t('action.visibleWorkspace');
      default:
        return String(v[f]) || t('action.none');
    }
  };

  let dialog: ReactNode = null;
  if (warnings) {
    const first = firstWarnedField(warnings, Object.keys(labels) as Field[]);
    dialog = (
      <PersonalDataDialog
        warnings={warnings}
        label={(f) => (Object.hasOwn(labels, f) ? t(labels[f as Field]) : undefined)}
        editTarget={first && `f-${first}`}
        onCancel={() => setWarnings(undefined)}
        onConfirm={() => {
          setWarnings(undefined);
          confirmedValues.current = values;
          void save(values, base);
        }}
      />
    );
  } else if (conflict && base) {
    const theirs = valuesOf(conflict);
    const mine = values;
    const orig = valuesOf(base);
    const fields = (Object.keys(labels) as Field[]).filter(
      (f) => f !== 'organisations' && JSON.stringify(mine[f]) !== JSON.stringify(orig[f]) || (f === 'scope' && JSON.stringify(mine.organisations) !== JSON.stringify(orig.organisations)),
    );
    const shown: ConflictField[] = fields.map((f) => ({ label: t(labels[f]), mine: display(f, mine), theirs: display(f, theirs) }));
    dialog = (
      <ConflictDialog
        fields={shown}
        onKeepMine={() => {
          const on = conflict;
          setConflict(undefined);
          // Save the user's changes on top of the newer version.
          void save(mine, on);
        }}
        onTakeTheirs={() => {
          setConflict(undefined);
          setValues((v) => {
            if (!v) return v;
            const next = { ...v };
            for (const f of fields) (next as Record<Field, unknown>)[f] = theirs[f];
            if (fields.includes('scope')) next.organisations = theirs.organisations;
            return next;
          });
          setBase(conflict);
        }}
      />
    );
  }

  const field = (f: Field, control: (id: string, describedBy: string | undefined, invalid: boolean) => ReactNode) => {
    const err = errorFor(f);
    const id = `f-${f}`;
    return (
      <div className={`utrecht-form-field${err ? ' utrecht-form-field--invalid' : ''}`}>
        <label htmlFor={id} className="utrecht-form-label">{t(labels[f])}</label>
        {err && <p id={`${id}-error`} className="utrecht-form-field-error-message">{err}</p>}
        {control(id, err ? `${id}-error` : undefined, !!err)}
      </div>
    );
  };
  const inputProps = (id: string, describedBy: string | undefined, invalid: boolean) => ({
    id, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined,
  });

  return (
    <>
      <PageTitle>{editing ? t('form.editTitle') : t('form.newTitle')}</PageTitle>
      {!allowed && base && <Paragraph>{t('action.gone')}</Paragraph>}
      {newer && <Alert type="warning" role="status"><Paragraph>{t('form.changedMeanwhile')}</Paragraph></Alert>}
      <div ref={summary} tabIndex={-1} className="kh-error-summary">
        {error && (
          <Alert type="error" role="alert">
            <Paragraph>{t('form.errors')}</Paragraph>
            {!errField && <Paragraph>{text(error)}</Paragraph>}
          </Alert>
        )}
      </div>
      <form className="kh-form" onSubmit={submit} noValidate>
        {field('title', (id, d, inv) => (
          <input type="text" className="utrecht-textbox utrecht-textbox--html-input" {...inputProps(id, d, inv)} aria-required="true" value={values.title} onChange={(e) => set('title', e.target.value)} />
        ))}
        {field('description', (id, d, inv) => (
          <textarea className="utrecht-textarea utrecht-textarea--html-textarea" rows={4} {...inputProps(id, d, inv)} value={values.description} onChange={(e) => set('description', e.target.value)} />
        ))}
        {field('goal_id', (id, d, inv) => (
          <select className="utrecht-select utrecht-select--html-select" {...inputProps(id, d, inv)} value={values.goal_id} onChange={(e) => set('goal_id', e.target.value)}>
            <option value="">{t('action.noGoal')}</option>
            {(goals.data ?? []).map((g) => <option key={g.id} value={g.id}>{g.title}</option>)}
          </select>
        ))}
        {field('owner_organisation_id', (id, d, inv) => (
          <select className="utrecht-select utrecht-select--html-select" {...inputProps(id, d, inv)} value={values.owner_organisation_id} onChange={(e) => { set('owner_organisation_id', e.target.value); set('lead_user_id', ''); }}>
            {owners.map((m) => <option key={m.organisation_id} value={m.organisation_id}>{m.organisation.name}</option>)}
          </select>
        ))}
        {field('lead_user_id', (id, d, inv) => (
          <select className="utrecht-select utrecht-select--html-select" {...inputProps(id, d, inv)} value={values.lead_user_id} onChange={(e) => set('lead_user_id', e.target.value)}>
            <option value="">{t('form.noLead')}</option>
            {leads.map((u) => <option key={u.id} value={u.id}>{personName(s, u)}</option>)}
          </select>
        ))}
        {field('status', (id, d, inv) => (
          <select className="utrecht-select utrecht-select--html-select" {...inputProps(id, d, inv)} value={values.status} onChange={(e) => set('status', e.target.value as ActionStatus)}>
            {actionStatuses.map((st) => <option key={st} value={st}>{t(`status.${st}`)}</option>)}
          </select>
        ))}
        {field('due_date', (id, d, inv) => (
          <input type="date" className="utrecht-textbox utrecht-textbox--html-input kh-short" {...inputProps(id, d, inv)} value={values.due_date} onChange={(e) => set('due_date', e.target.value)} />
        ))}
        {field('count_target', (id, d, inv) => (
          <input type="number" min={0} inputMode="numeric" className="utrecht-textbox utrecht-textbox--html-input kh-short" {...inputProps(id, d, inv)} value={values.count_target} onChange={(e) => set('count_target', e.target.value)} />
        ))}
        {field('count_done', (id, d, inv) => (
          <input type="number" min={0} inputMode="numeric" className="utrecht-textbox utrecht-textbox--html-input kh-short" {...inputProps(id, d, inv)} value={values.count_done} onChange={(e) => set('count_done', e.target.value)} />
        ))}
        {field('external_ref', (id, d, inv) => (
          <input type="text" className="utrecht-textbox utrecht-textbox--html-input" {...inputProps(id, d, inv)} value={values.external_ref} onChange={(e) => set('external_ref', e.target.value)} />
        ))}
        <VisibilityPicker
          name="scope"
          value={{ scope: values.scope, organisations: values.organisations, users: values.users }}
          onChange={(v) => {
            set('scope', v.scope);
            set('organisations', v.organisations);
            set('users', v.users);
          }}
          members={members}
          creator={creator}
          legend={t('form.visibility')}
          orgsLegend={t('form.visOrganisations')}
          creatorUser={base?.created_by_user_id}
          error={errorFor('scope') ?? errorFor('organisations') ?? errorFor('users')}
        />
        <div className="kh-buttons">
          <button type="submit" className="utrecht-button utrecht-button--primary-action" disabled={busy || !allowed} aria-disabled={busy || !allowed}>
            {busy ? t('form.saving') : t('form.save')}
          </button>
          <button
            type="button"
            className="utrecht-button utrecht-button--secondary-action"
            onClick={() => navigate(editing && actionID ? paths.action(ws.id, actionID) : paths.actions(ws.id))}
          >
            {t('form.cancel')}
          </button>
        </div>
      </form>
      {dialog}
    </>
  );
}
