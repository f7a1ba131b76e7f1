/**
 * The builder reads like a sentence: "When [trigger + filters] if [all/any conditions] then
 * [steps]". Pickers come from the live catalogue; a save sends the loaded version as If-Match
 * (412 → ConflictNotice with Reload / Overwrite) and a 422's field details show under the exact
 * control (`steps[0].params.title`). Beside it: the test-run panel, Run now, and the last runs.
 * Keys: ⌘Enter (or Enter in a one-line field) saves, Esc goes back to the list.
 */
import { useAtom, useAtomValue } from 'jotai';
import { ArrowLeft, History, Play, Plus, Trash2 } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  Badge,
  Button,
  ConflictNotice,
  Dialog,
  ErrorState,
  Input,
  QuickPickDialog,
  SkeletonText,
  changedFields,
  conflictOf,
  errorMessage,
  fieldErrors,
  toast,
  useDateFormat,
  usePageHeader,
  useQuery,
  type Conflict,
} from '@audienceos/remote-sdk';
import { automationsApi, directoryApi, type Condition, type Definition, type Workflow } from '../api';
import { builderErrorsAtom, dirtyAtom, draftAtom, loadedWorkflowAtom } from '../state/builder';
import { Switch } from '../WorkflowList';
import {
  actionLabel,
  builderPaths,
  cleanDefinition,
  conditionFields,
  emptyDefinition,
  triggerWords,
  unplacedErrors,
  variablesFor,
} from '../words';
import { ConditionRow } from './ConditionRow';
import { FieldError } from './FieldError';
import { StepsEditor } from './StepsEditor';
import { TestPanel } from './TestPanel';
import { TriggerEditor } from './TriggerEditor';

export interface BuilderProps {
  /** A workflow id, or `new`. */
  id: string;
  /** With `new`: start from this template. */
  templateId?: string | null;
  canWrite: boolean;
  onClose: () => void;
  /** A new workflow got its id (the URL follows). */
  onCreated: (id: string) => void;
  onOpenRun: (runId: string) => void;
  onShowRuns: (workflowId: string) => void;
}

const definitionOf = (w: Workflow): Definition => ({
  name: w.name,
  description: w.description ?? '',
  trigger: w.trigger,
  conditions: w.conditions ?? { mode: 'all', items: [] },
  steps: w.steps,
});

const CONFLICT_LABELS = {
  name: 'Name',
  description: 'Description',
  trigger: 'Trigger',
  conditions: 'Conditions',
  steps: 'Steps',
  enabled: 'On',
} as const;

export function Builder({ id, templateId, canWrite, onClose, onCreated, onOpenRun, onShowRuns }: BuilderProps) {
  const isNew = id === 'new';
  const fmt = useDateFormat();
  const catalogue = useQuery((s) => automationsApi.catalogue(s), []);
  const clients = useQuery((s) => directoryApi.clients(s), []);
  const saved = useQuery((s) => automationsApi.workflow(id, s), [id], { enabled: !isNew, live: { module: 'automations', id } });
  const templates = useQuery((s) => automationsApi.templates(s), [], { enabled: isNew && Boolean(templateId) });

  const [draft, setDraft] = useAtom(draftAtom);
  const [loaded, setLoaded] = useAtom(loadedWorkflowAtom);
  const [errors, setErrors] = useAtom(builderErrorsAtom);
  const dirty = useAtomValue(dirtyAtom);
  const [conflict, setConflict] = useState<(Conflict<Workflow> & { mine: Definition }) | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [pickingClient, setPickingClient] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const readOnly = !canWrite;

  // The shell puts the module (Automations, a link back to the list) in front of the title.
  usePageHeader(draft?.name || (isNew ? 'New automation' : 'Automation'));

  // Start the draft: the saved workflow, the template, or an empty one.
  useEffect(() => {
    if (isNew) {
      if (templateId) {
        const t = templates.data?.find((x) => x.id === templateId);
        if (!t) return;
        setDraft({ ...emptyDefinition(), ...t.definition, conditions: t.definition.conditions ?? { mode: 'all', items: [] } });
      } else setDraft(emptyDefinition());
      setLoaded(null);
    } else if (saved.data && (loaded?.id !== saved.data.id || (!dirty && loaded.version !== saved.data.version))) {
      setLoaded(saved.data);
      setDraft(definitionOf(saved.data));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isNew, templateId, templates.data, saved.data]);
  useEffect(
    () => () => {
      setDraft(null);
      setLoaded(null);
      setErrors({});
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const cat = catalogue.data ?? null;
  const variables = useMemo(() => (draft ? variablesFor(draft.trigger, cat) : []), [draft, cat]);
  const condFields = useMemo(() => (draft ? conditionFields(draft.trigger, cat) : []), [draft, cat]);
  const paths = useMemo(() => (draft ? builderPaths(draft, cat) : new Set<string>()), [draft, cat]);
  const leftover = unplacedErrors(errors, (f) => paths.has(f));

  // A refused save: bring the first message under a field into view (the save bar is sticky).
  useEffect(() => {
    if (Object.keys(errors).length)
      formRef.current?.querySelector('.auto-field-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [errors]);

  const update = (change: Partial<Definition>) => setDraft((d) => (d ? { ...d, ...change } : d));

  const save = async (overwriteVersion?: number) => {
    if (!draft || readOnly) return;
    setSaving(true);
    setErrors({});
    const body = cleanDefinition(draft);
    try {
      if (!loaded) {
        const w = await automationsApi.create({ ...body, ...(templateId ? { templateId } : {}) });
        setLoaded(w);
        setDraft(definitionOf(w));
        toast.success('Automation saved', 'It is off: switch it on when the test looks right.');
        onCreated(w.id);
      } else {
        const w = await automationsApi.update(loaded.id, body, overwriteVersion ?? loaded.version);
        setLoaded(w);
        setDraft(definitionOf(w));
        setConflict(null);
        saved.setData(w);
        toast.success(`Saved as version ${w.version}`);
      }
    } catch (err) {
      const newer = conflictOf<Workflow>(err);
      if (newer) setConflict({ ...newer, mine: body });
      else {
        const fields = fieldErrors(err);
        if (Object.keys(fields).length) {
          setErrors(fields);
          toast.error('Not saved: fix the marked fields');
        } else toast.error('Could not save the automation', errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  const setEnabled = async (on: boolean) => {
    if (!loaded) return;
    const before = loaded;
    setLoaded({ ...loaded, enabled: on });
    try {
      const w = await automationsApi.setEnabled(loaded.id, on);
      setLoaded({ ...before, ...w });
    } catch (err) {
      setLoaded(before);
      toast.error(`Could not switch it ${on ? 'on' : 'off'}: it is ${before.enabled ? 'still on' : 'still off'}.`, errorMessage(err));
    }
  };

  const runNow = async (clientId?: string) => {
    if (!loaded) return;
    try {
      const { runId } = await automationsApi.runNow(loaded.id, clientId);
      toast({ title: 'Run started', tone: 'success', action: { label: 'Open run', onClick: () => onOpenRun(runId) } });
    } catch (err) {
      toast.error('Could not start a run', errorMessage(err));
    }
  };

  const archive = async () => {
    if (!loaded) return;
    try {
      await automationsApi.archive(loaded.id);
      toast.success(`“${loaded.name}” deleted`, 'Its run history stays.');
      onClose();
    } catch (err) {
      toast.error('Could not delete the automation', errorMessage(err));
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    if (target.closest('[role="dialog"], [role="listbox"], [role="menu"]')) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      if (!dirty || window.confirm('Leave without saving your changes?')) onClose();
    } else if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void save();
    }
  };

  if (!isNew && saved.error)
    return (
      <ErrorState
        title="Could not load the automation"
        error={saved.error}
        onRetry={saved.reload}
        actions={<Button onClick={onClose}>Back to the list</Button>}
      />
    );
  if (isNew && templateId && templates.data && !templates.data.some((t) => t.id === templateId))
    return (
      <ErrorState
        title="This template does not exist"
        message="Choose another one in the gallery."
        actions={<Button onClick={onClose}>Back</Button>}
      />
    );
  if (!draft || (!isNew && !loaded)) return <SkeletonText lines={8} label="Loading the automation" />;

  const conflictChanges = conflict
    ? changedFields({ ...(loaded as Workflow), ...conflict.mine } as Workflow, conflict.current, CONFLICT_LABELS, (field, value) => {
        if (field === 'trigger') return conflict.current.triggerText || triggerWords(value as Workflow['trigger'], cat);
        if (field === 'steps') return `${(value as unknown[]).length} step${(value as unknown[]).length === 1 ? '' : 's'}`;
        if (field === 'conditions')
          return `${(value as Definition['conditions']).items.length} condition(s), ${(value as Definition['conditions']).mode}`;
        if (field === 'enabled') return value ? 'on' : 'off';
        return value === '' || value === null || value === undefined ? '—' : String(value);
      })
    : [];
  const clientOptions = (clients.data ?? []).map((c) => ({ value: c.id, label: c.name, hint: c.stage }));

  return (
    <div className="auto-builder" onKeyDown={onKeyDown}>
      <div className="auto-builder__bar">
        <Button
          variant="ghost"
          icon={<ArrowLeft />}
          onClick={() => (!dirty || window.confirm('Leave without saving your changes?')) && onClose()}
        >
          Automations
        </Button>
        {loaded && (
          <>
            <Badge>v{loaded.version}</Badge>
            <Switch
              checked={loaded.enabled}
              disabled={readOnly || dirty}
              label={loaded.enabled ? 'On' : 'Off'}
              onChange={() => void setEnabled(!loaded.enabled)}
            />
            <span className="auto-muted">{loaded.enabled ? 'On' : 'Off'}</span>
            {loaded.waiting && (
              <Badge tone="warning" dot>
                {loaded.waiting}
              </Badge>
            )}
          </>
        )}
        <span className="auto-toolbar__spacer" />
        {loaded && (
          <>
            <Button variant="ghost" icon={<History />} onClick={() => onShowRuns(loaded.id)}>
              Runs
            </Button>
            {canWrite && (
              <Button icon={<Play />} onClick={() => (clientOptions.length ? setPickingClient(true) : void runNow())} disabled={dirty}>
                Run now
              </Button>
            )}
            {canWrite && (
              <Button variant="ghost" icon={<Trash2 />} onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
          </>
        )}
      </div>
      <div className="auto-builder__body">
        <form
          ref={formRef}
          className="auto-sentence"
          aria-label="Automation"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="auto-builder__meta">
            <label className="auto-param">
              <span className="aos-field__label">Name</span>
              <Input
                value={draft.name}
                readOnly={readOnly}
                invalid={Boolean(errors.name)}
                placeholder="Welcome sequence"
                onChange={(e) => update({ name: e.target.value })}
                autoFocus={isNew}
              />
              <FieldError message={errors.name} />
            </label>
            <label className="auto-param">
              <span className="aos-field__label">Description (optional)</span>
              <Input
                value={draft.description ?? ''}
                readOnly={readOnly}
                invalid={Boolean(errors.description)}
                onChange={(e) => update({ description: e.target.value })}
              />
              <FieldError message={errors.description} />
            </label>
          </div>

          {catalogue.error ? (
            <ErrorState compact title="Could not load the triggers and actions" error={catalogue.error} onRetry={catalogue.reload} />
          ) : null}

          <TriggerEditor
            trigger={draft.trigger}
            catalogue={cat}
            errors={errors}
            readOnly={readOnly}
            zone={fmt.zone}
            onChange={(trigger) => update({ trigger })}
          />

          <div className="auto-clause" data-testid="conditions-editor">
            <div className="auto-clause__line">
              <span className="auto-word">if</span>
              {draft.conditions.items.length === 0 ? (
                <span className="auto-muted">always</span>
              ) : (
                <>
                  <select
                    aria-label="Condition mode"
                    className="auto-inline-select"
                    value={draft.conditions.mode}
                    disabled={readOnly}
                    onChange={(e) => update({ conditions: { ...draft.conditions, mode: e.target.value as 'all' | 'any' } })}
                  >
                    <option value="all">all</option>
                    <option value="any">any</option>
                  </select>
                  <span className="auto-word auto-word--muted">of these hold</span>
                </>
              )}
            </div>
            <div className="auto-clause__sub">
              {draft.conditions.items.map((c, i) => (
                <div key={i} className="auto-clause__line">
                  <span className="auto-word auto-word--muted">{i === 0 ? '' : draft.conditions.mode === 'all' ? 'and' : 'or'}</span>
                  <ConditionRow
                    condition={c}
                    fields={condFields}
                    path={`conditions.items[${i}]`}
                    errors={errors}
                    readOnly={readOnly}
                    onChange={(next: Condition) =>
                      update({ conditions: { ...draft.conditions, items: draft.conditions.items.map((x, j) => (j === i ? next : x)) } })
                    }
                    onRemove={() =>
                      update({ conditions: { ...draft.conditions, items: draft.conditions.items.filter((_, j) => j !== i) } })
                    }
                  />
                </div>
              ))}
              <FieldError message={errors.conditions ?? errors['conditions.items'] ?? errors['conditions.mode']} />
              {!readOnly && (
                <Button
                  size="sm"
                  variant="ghost"
                  icon={<Plus />}
                  onClick={() =>
                    update({
                      conditions: {
                        ...draft.conditions,
                        items: [...draft.conditions.items, { field: condFields[0]?.value ?? '', op: 'equals', value: '' }],
                      },
                    })
                  }
                >
                  Condition
                </Button>
              )}
            </div>
          </div>

          <StepsEditor
            steps={draft.steps}
            catalogue={cat}
            variables={variables}
            errors={errors}
            readOnly={readOnly}
            onChange={(steps) => update({ steps })}
          />

          <p className="auto-preview" aria-label="In words">
            {triggerWords(draft.trigger, cat)}
            {draft.conditions.items.length ? `, if ${draft.conditions.mode} of ${draft.conditions.items.length} condition(s) hold` : ''},
            then {draft.steps.length ? draft.steps.map((s) => (s.action ? actionLabel(s.action, cat) : '…')).join(', then ') : '…'}.
          </p>

          <div className="auto-builder__foot">
            {conflict && (
              <ConflictNotice
                changes={conflictChanges}
                pending={saving}
                onReload={() => {
                  setLoaded(conflict.current);
                  setDraft(definitionOf(conflict.current));
                  saved.setData(conflict.current);
                  setConflict(null);
                }}
                onOverwrite={() => void save(Number(conflict.version))}
              />
            )}
            {leftover.length > 0 && (
              <ul className="auto-leftover" role="alert" aria-label="Other problems">
                {leftover.map((e) => (
                  <li key={e.field}>{e.message}</li>
                ))}
              </ul>
            )}
            {canWrite && (
              <div className="auto-builder__save">
                {dirty && <span className="auto-muted">Unsaved changes</span>}
                {loaded && <span className="auto-muted">Last saved {fmt.dateTime(loaded.updatedAt)}</span>}
                <Button
                  type="button"
                  variant="ghost"
                  onClick={() => (!dirty || window.confirm('Leave without saving your changes?')) && onClose()}
                >
                  Cancel
                </Button>
                <Button type="submit" variant="primary" loading={saving} disabled={!dirty && !isNew}>
                  {isNew ? 'Save' : 'Save new version'} <kbd className="aos-kbd">⌘↵</kbd>
                </Button>
              </div>
            )}
          </div>
          {!canWrite && <p className="auto-note">Owners and admins edit automations; you can see them and their runs.</p>}
        </form>
        <aside className="auto-builder__side">
          {loaded ? (
            <TestPanel workflow={loaded} catalogue={cat} clients={clients.data ?? []} dirty={dirty} />
          ) : (
            <section className="auto-test">
              <h3>Test run</h3>
              <p className="auto-muted">Save the automation first; then try it on a recent event or on fields you fill in.</p>
            </section>
          )}
        </aside>
      </div>
      <QuickPickDialog
        open={pickingClient}
        title="Run now for which client?"
        options={[{ value: '-', label: 'No client' }, ...clientOptions]}
        onPick={(v) => void runNow(v === '-' ? undefined : v)}
        onClose={() => setPickingClient(false)}
      />
      <Dialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete “${loaded?.name ?? ''}”?`}
        description="It stops running at once and leaves the list; its run history stays."
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Keep it</Button>
            <Button variant="danger" onClick={() => void archive()}>
              Delete automation
            </Button>
          </>
        }
      />
    </div>
  );
}
