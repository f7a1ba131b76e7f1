/**
 * The automations API as this screen uses it (`/api/v1/automations`, see the REST contract in
 * the module's README). Shapes are restated here: a remote imports no module code.
 */
import { api, ifMatch, type QueryValue } from '@audienceos/remote-sdk';

export type ConditionOp = 'equals' | 'notEquals' | 'contains' | 'startsWith' | 'gt' | 'lt' | 'isSet' | 'in';

export interface Condition {
  /** `trigger.<f>` | `client.<f>` | `time.weekday` | `time.hour` */
  field: string;
  op: ConditionOp;
  value?: unknown;
}

export type SchedulePreset = 'daily' | 'weekdays' | 'weekly' | 'monthly';

export type Trigger =
  | { type: 'event'; topic: string; filters?: Condition[] }
  | { type: 'schedule'; cron: string; preset?: SchedulePreset }
  | { type: 'inactivity'; days: number }
  | { type: 'kpi'; kpi: string; direction: 'above' | 'below'; value: number }
  | { type: 'manual' };

export type TriggerType = Trigger['type'];

export interface Conditions {
  mode: 'all' | 'any';
  items: Condition[];
}

export type ParamValue = string | number | boolean | string[];

export interface Step {
  /** `<module>:<actionId>` from the catalogue. */
  action: string;
  /** Strings are liquid templates (`{{client.name}}`). */
  params: Record<string, ParamValue>;
  delayMinutes?: number;
  continueOnFailure?: boolean;
  requireApproval?: boolean;
}

export interface Definition {
  name: string;
  description?: string;
  trigger: Trigger;
  conditions: Conditions;
  steps: Step[];
}

export type RunStatus = 'running' | 'waiting' | 'awaiting_approval' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'loop_stopped';
export type StepStatus = 'pending' | 'waiting' | 'awaiting_approval' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'rejected';

export interface Workflow extends Definition {
  id: string;
  description: string;
  enabled: boolean;
  version: number;
  /** "When a client moves to Live" */
  triggerText: string;
  /** "waiting: pipeline is not running" */
  waiting: string | null;
  lastRun: { id: string; status: RunStatus; startedAt: string } | null;
  stats: { runs7d: number; successRate7d: number | null };
  createdAt: string;
  updatedAt: string;
}

export interface CatalogueTrigger {
  module: string;
  topic: string;
  label: string;
  fields: Record<string, string>;
  available: boolean;
}
export interface CatalogueAction {
  key: string;
  module: string;
  id: string;
  label: string;
  /** fastest-validator schema of the fields a workflow fills. */
  params: Record<string, unknown>;
  available: boolean;
}
export interface CatalogueKpi {
  key: string;
  module: string;
  label: string;
  unit: string;
}
export interface Catalogue {
  triggers: CatalogueTrigger[];
  actions: CatalogueAction[];
  kpis: CatalogueKpi[];
  /** Per trigger topic (and possibly per trigger kind): the template variables a step may use. */
  variables: Record<string, string[]>;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  definition: Definition;
}

export interface Run {
  id: string;
  workflowId: string;
  workflowName: string;
  workflowVersion: number;
  status: RunStatus;
  reason: string | null;
  trigger: { type: string; topic?: string; eventId?: string };
  clientId: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  kept: boolean;
}

export interface RunStep {
  index: number;
  action: string;
  label: string;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: { message: string; code?: string | number } | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  waitUntil: string | null;
}

export interface RunDetail extends Run {
  steps: RunStep[];
}

export interface TestResult {
  passed: boolean;
  conditions: { field: string; op: ConditionOp; value: unknown; actual: unknown; passed: boolean }[];
  steps: {
    index: number;
    action: string;
    label: string;
    params: Record<string, unknown>;
    wouldDo: string;
    delayMinutes: number;
    requireApproval: boolean;
  }[];
}

export interface Sample {
  eventId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface Approval {
  runId: string;
  stepIndex: number;
  workflowId: string;
  workflowName: string;
  action: string;
  label: string;
  params: Record<string, unknown>;
  requestedAt: string;
  clientId: string | null;
}

export interface Stats {
  runs: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  avgDurationMs: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface RunFilters {
  workflowId?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** What a save sends (POST /workflows, PATCH /workflows/:id). */
export interface WorkflowInput extends Definition {
  enabled?: boolean;
  templateId?: string;
}

export interface ClientOption {
  id: string;
  name: string;
  stage?: string;
}

const base = '/automations';

export const automationsApi = {
  catalogue: (signal?: AbortSignal) => api.get<Catalogue>(`${base}/catalogue`, { signal }),
  templates: (signal?: AbortSignal) => api.get<{ items: Template[] }>(`${base}/templates`, { signal }).then((r) => r.items),
  workflows: (query: { enabled?: string; q?: string; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    api.get<Page<Workflow>>(`${base}/workflows`, { query: query as Record<string, QueryValue>, signal }),
  workflow: (id: string, signal?: AbortSignal) => api.get<Workflow>(`${base}/workflows/${id}`, { signal }),
  create: (input: WorkflowInput) => api.post<Workflow>(`${base}/workflows`, input),
  /** Every save is a new version; `version` (the one loaded) makes a concurrent save a 412. */
  update: (id: string, input: Partial<WorkflowInput>, version?: number) =>
    api.patch<Workflow>(`${base}/workflows/${id}`, input, { headers: ifMatch(version) }),
  archive: (id: string) => api.delete<unknown>(`${base}/workflows/${id}`),
  setEnabled: (id: string, enabled: boolean) => api.post<Workflow>(`${base}/workflows/${id}/${enabled ? 'enable' : 'disable'}`),
  test: (id: string, body: { sample?: Record<string, unknown>; eventId?: string; clientId?: string }) =>
    api.post<TestResult>(`${base}/workflows/${id}/test`, body),
  samples: (id: string, signal?: AbortSignal) =>
    api.get<{ items: Sample[] }>(`${base}/workflows/${id}/samples`, { signal }).then((r) => r.items),
  runNow: (id: string, clientId?: string) => api.post<{ runId: string }>(`${base}/workflows/${id}/run`, clientId ? { clientId } : {}),
  runs: (filters: RunFilters & { cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    api.get<Page<Run>>(`${base}/runs`, { query: filters as Record<string, QueryValue>, signal }),
  run: (id: string, signal?: AbortSignal) => api.get<RunDetail>(`${base}/runs/${id}`, { signal }),
  retry: (id: string, from: 'start' | 'failedStep') => api.post<{ runId?: string }>(`${base}/runs/${id}/retry`, { from }),
  cancel: (id: string) => api.post<unknown>(`${base}/runs/${id}/cancel`),
  keep: (id: string, kept: boolean) => api.post<unknown>(`${base}/runs/${id}/keep`, { kept }),
  approvals: (signal?: AbortSignal) => api.get<{ items: Approval[] }>(`${base}/approvals`, { signal }).then((r) => r.items),
  approve: (runId: string, index: number, comment?: string) =>
    api.post<unknown>(`${base}/runs/${runId}/steps/${index}/approve`, comment ? { comment } : {}),
  reject: (runId: string, index: number, comment?: string) =>
    api.post<unknown>(`${base}/runs/${runId}/steps/${index}/reject`, comment ? { comment } : {}),
  stats: (days: 7 | 30, workflowId?: string, signal?: AbortSignal) =>
    api.get<Stats>(`${base}/stats`, { query: { days, workflowId }, signal }),
};

/** Other modules the screen reads names from; an absent module gives an empty list, not an error. */
export const directoryApi = {
  clients: (signal?: AbortSignal) =>
    api
      .get<{ items: ClientOption[] }>('/clients', { query: { limit: 100 }, signal })
      .then((r) => r.items)
      .catch(() => [] as ClientOption[]),
};
