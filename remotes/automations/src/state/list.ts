/** The workflow list's keyboard cursor (J/K) survives opening the builder and coming back. */
import { atom } from 'jotai';

export const activeWorkflowAtom = atom<string | null>(null);
activeWorkflowAtom.debugLabel = 'automations/activeWorkflow';
