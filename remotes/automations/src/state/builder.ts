/**
 * The builder's working state, shared by the sentence editor, the test-run panel and the save
 * bar: the draft being edited, the workflow as it was loaded (its version goes out as If-Match),
 * and the field errors of the last refused save (`steps[0].params.title` → message).
 */
import { atom } from 'jotai';
import type { Definition, Workflow } from '../api';

/** The definition being edited (null while nothing is open). */
export const draftAtom = atom<Definition | null>(null);
draftAtom.debugLabel = 'automations/draft';

/** The saved workflow the draft started from (null for a new one). */
export const loadedWorkflowAtom = atom<Workflow | null>(null);
loadedWorkflowAtom.debugLabel = 'automations/loadedWorkflow';

/** 422 field details of the last save, by exact field path. */
export const builderErrorsAtom = atom<Record<string, string>>({});
builderErrorsAtom.debugLabel = 'automations/builderErrors';

/** True when the draft differs from what was loaded (or from an empty new workflow). */
export const dirtyAtom = atom((get) => {
  const draft = get(draftAtom);
  const loaded = get(loadedWorkflowAtom);
  if (!draft) return false;
  if (!loaded) return draft.steps.length > 0 || draft.name.trim() !== '';
  const saved: Definition = {
    name: loaded.name,
    description: loaded.description,
    trigger: loaded.trigger,
    conditions: loaded.conditions,
    steps: loaded.steps,
  };
  return JSON.stringify(normalise(saved)) !== JSON.stringify(normalise(draft));
});
dirtyAtom.debugLabel = 'automations/dirty';

function normalise(d: Definition) {
  return { ...d, description: d.description ?? '', conditions: d.conditions ?? { mode: 'all', items: [] } };
}
