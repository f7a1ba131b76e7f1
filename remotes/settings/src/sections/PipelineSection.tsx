/**
 * Pipeline configuration, through the pipeline's own API: the ordered stages (drag a row, or
 * focus its handle and use Alt+↑/↓) and the health thresholds. Owners and admins
 * (pipeline:manage) edit; others read.
 */
import { ArrowDown, ArrowUp, GripVertical, Plus, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button, ErrorState, Field, IconButton, Input, SkeletonText, toast, useCan, useMutation, useQuery } from '@audienceos/remote-sdk';
import { settingsApi, type Stage, type Thresholds } from '../api';
import { escapeCancels } from '../shared/form-keys';
import { ReadOnlyNote, Section } from '../shared/Section';

interface DraftStage {
  /** Local identity for React and drag (new stages have no key yet). */
  id: string;
  key?: string;
  name: string;
}

let nextLocalId = 1;
const toDraft = (stages: Stage[]): DraftStage[] => stages.map((s) => ({ id: s.key, key: s.key, name: s.name }));
const same = (a: DraftStage[], b: DraftStage[]) => JSON.stringify(a.map(({ key, name }) => [key, name])) === JSON.stringify(b.map(({ key, name }) => [key, name]));

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export function PipelineSection() {
  return (
    <>
      <StagesEditor />
      <ThresholdsForm />
    </>
  );
}

function StagesEditor() {
  const canManage = useCan('pipeline:manage');
  const query = useQuery((signal) => settingsApi.stages(signal), []);
  const [draft, setDraft] = useState<DraftStage[] | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const handles = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (query.data) setDraft(toDraft(query.data));
  }, [query.data]);

  const save = useMutation((stages: DraftStage[]) => settingsApi.replaceStages(stages.map((s) => (s.key ? { key: s.key, name: s.name.trim() } : { name: s.name.trim() }))), {
    onSuccess: (stages) => {
      query.setData(stages);
      toast.success('Stages saved');
    },
  });

  if (query.error && !query.data) return <ErrorState title="Could not load the stages" error={query.error} onRetry={query.reload} />;
  const saved = query.data ? toDraft(query.data) : null;
  const dirty = Boolean(saved && draft && !same(saved, draft));
  const cancel = () => {
    if (saved) setDraft(saved);
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft && dirty && canManage) void save.mutate(draft);
  };
  const reorder = (from: number, to: number) => {
    if (!draft || to < 0 || to >= draft.length) return;
    const item = draft[from]!;
    setDraft(move(draft, from, to));
    setAnnounce(`${item.name} moved to position ${to + 1} of ${draft.length}`);
    // Keep focus on the moved row's handle.
    requestAnimationFrame(() => handles.current.get(item.id)?.focus());
  };
  const onHandleKey = (index: number) => (event: KeyboardEvent) => {
    // On the handle, ↑/↓ move the row (Alt is accepted too, as the hint says).
    if (event.key === 'ArrowUp') {
      event.preventDefault();
      reorder(index, index - 1);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      reorder(index, index + 1);
    }
  };
  const errors = save.fieldErrors;
  const listError = errors.stages;

  return (
    <Section title="Pipeline stages" description="The columns of the pipeline board, in order. Renaming keeps every client where it is.">
      {!canManage && <ReadOnlyNote>Only owners and admins can change the stages.</ReadOnlyNote>}
      {!draft ? (
        <SkeletonText lines={6} label="Loading the stages" />
      ) : (
        <form className="st-form" onSubmit={submit} onKeyDown={escapeCancels(cancel)} aria-label="Pipeline stages" noValidate>
          <ol className="st-stages" aria-describedby="st-stages-help">
            {draft.map((stage, index) => {
              const nameError = errors[`stages[${index}].name`] ?? errors[`stages[${index}].key`];
              return (
                <li
                  key={stage.id}
                  className="st-stage"
                  data-stage={stage.key ?? 'new'}
                  data-dragging={dragging === index || undefined}
                  draggable={canManage}
                  onDragStart={(e) => {
                    setDragging(index);
                    e.dataTransfer.effectAllowed = 'move';
                    e.dataTransfer.setData('text/plain', String(index));
                  }}
                  onDragOver={(e) => {
                    if (dragging === null) return;
                    e.preventDefault();
                    if (dragging !== index) {
                      reorder(dragging, index);
                      setDragging(index);
                    }
                  }}
                  onDragEnd={() => setDragging(null)}
                  onDrop={(e) => e.preventDefault()}
                >
                  {canManage && (
                    <button
                      type="button"
                      className="st-stage__handle"
                      aria-label={`Reorder ${stage.name || 'new stage'} (Alt+↑/↓)`}
                      ref={(el) => {
                        if (el) handles.current.set(stage.id, el);
                        else handles.current.delete(stage.id);
                      }}
                      onKeyDown={onHandleKey(index)}
                    >
                      <GripVertical aria-hidden="true" />
                    </button>
                  )}
                  <span className="st-stage__pos st-muted">{index + 1}</span>
                  <div className="st-stage__name">
                    <Input
                      aria-label={`Stage ${index + 1} name`}
                      value={stage.name}
                      disabled={!canManage || save.pending}
                      maxLength={40}
                      invalid={Boolean(nameError)}
                      onChange={(e) => setDraft(draft.map((s) => (s.id === stage.id ? { ...s, name: e.target.value } : s)))}
                    />
                    {nameError && (
                      <span className="st-inline-error" role="alert">
                        {nameError}
                      </span>
                    )}
                  </div>
                  {canManage && (
                    <span className="st-stage__actions">
                      <IconButton aria-label={`Move ${stage.name} up`} size="sm" disabled={index === 0} onClick={() => reorder(index, index - 1)}>
                        <ArrowUp />
                      </IconButton>
                      <IconButton aria-label={`Move ${stage.name} down`} size="sm" disabled={index === draft.length - 1} onClick={() => reorder(index, index + 1)}>
                        <ArrowDown />
                      </IconButton>
                      <IconButton aria-label={`Remove ${stage.name}`} size="sm" disabled={draft.length <= 1} onClick={() => setDraft(draft.filter((s) => s.id !== stage.id))}>
                        <Trash2 />
                      </IconButton>
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
          <p id="st-stages-help" className="st-muted">
            Drag a stage, or focus its handle and press Alt+↑ or Alt+↓. A stage that still holds clients cannot be removed.
          </p>
          <div className="st-sr-only" aria-live="polite">
            {announce}
          </div>
          {listError && (
            <div className="st-inline-error" role="alert">
              {listError}
            </div>
          )}
          {save.error && !Object.keys(errors).length ? <ErrorState compact title="Could not save the stages" error={save.error} /> : null}
          {canManage && (
            <div className="st-form__footer">
              <Button
                icon={<Plus />}
                className="st-form__left"
                disabled={draft.length >= 20}
                onClick={() => setDraft([...draft, { id: `new-${nextLocalId++}`, name: '' }])}
              >
                Add stage
              </Button>
              <Button onClick={cancel} disabled={!dirty || save.pending}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={save.pending} disabled={!dirty}>
                Save stages
              </Button>
            </div>
          )}
        </form>
      )}
    </Section>
  );
}

function ThresholdsForm() {
  const canManage = useCan('pipeline:manage');
  const query = useQuery((signal) => settingsApi.thresholds(signal), []);
  const [draft, setDraft] = useState<{ yellow: string; red: string } | null>(null);
  useEffect(() => {
    if (query.data) setDraft({ yellow: String(query.data.yellowAfterDays), red: String(query.data.redAfterDays) });
  }, [query.data]);
  const save = useMutation((t: Thresholds) => settingsApi.setThresholds(t), {
    onSuccess: (t) => {
      query.setData(t);
      toast.success('Health thresholds saved');
    },
  });
  if (query.error && !query.data) return <ErrorState title="Could not load the health thresholds" error={query.error} onRetry={query.reload} />;
  const saved = query.data;
  const dirty = Boolean(saved && draft && (draft.yellow !== String(saved.yellowAfterDays) || draft.red !== String(saved.redAfterDays)));
  const cancel = () => {
    if (saved) setDraft({ yellow: String(saved.yellowAfterDays), red: String(saved.redAfterDays) });
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft && dirty && canManage) void save.mutate({ yellowAfterDays: Number(draft.yellow), redAfterDays: Number(draft.red) });
  };
  return (
    <Section title="Health thresholds" description="Days a client may stay in one stage before its health turns yellow, then red.">
      {!draft ? (
        <SkeletonText lines={2} label="Loading the health thresholds" />
      ) : (
        <form className="st-form" onSubmit={submit} onKeyDown={escapeCancels(cancel)} aria-label="Health thresholds" noValidate>
          <fieldset className="st-fieldset" disabled={!canManage || save.pending}>
            <div className="st-grid st-grid--narrow">
              <Field label="Yellow after (days)" error={save.fieldErrors.yellowAfterDays}>
                <Input type="number" min={1} max={365} inputMode="numeric" value={draft.yellow} onChange={(e) => setDraft({ ...draft, yellow: e.target.value })} />
              </Field>
              <Field label="Red after (days)" error={save.fieldErrors.redAfterDays}>
                <Input type="number" min={2} max={366} inputMode="numeric" value={draft.red} onChange={(e) => setDraft({ ...draft, red: e.target.value })} />
              </Field>
            </div>
          </fieldset>
          {save.error && !Object.keys(save.fieldErrors).length ? <ErrorState compact title="Could not save the thresholds" error={save.error} /> : null}
          {canManage && (
            <div className="st-form__footer">
              <Button onClick={cancel} disabled={!dirty || save.pending}>
                Cancel
              </Button>
              <Button type="submit" variant="primary" loading={save.pending} disabled={!dirty}>
                Save thresholds
              </Button>
            </div>
          )}
        </form>
      )}
    </Section>
  );
}
