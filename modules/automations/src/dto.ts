/** API shapes of workflows, runs and steps (see the Automations REST API). */
import { currentCatalogue, definitionOf, type RunRow, type StepRow, type WorkflowRow } from './engine';
import { triggerText } from './definition';
import type { ServiceBroker } from 'moleculer';
import { liveManifests } from './catalogue';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const duration = (a: Date | null | undefined, b: Date | null | undefined) =>
  a && b ? new Date(b).getTime() - new Date(a).getTime() : null;

export interface WorkflowExtras {
  last_run_id?: string | null;
  last_run_status?: string | null;
  last_run_started_at?: Date | null;
  runs7d?: number;
  succeeded7d?: number;
  failed7d?: number;
  created_at?: Date;
  updated_at?: Date;
  template_id?: string | null;
}

/** "waiting: <module> is not running" when the trigger's or a step's module is down. */
export function waitingText(broker: ServiceBroker, w: WorkflowRow): string | null {
  const live = liveManifests(broker);
  const catalogue = currentCatalogue(broker);
  const needed = new Set<string>();
  if (w.trigger.type === 'event')
    needed.add(catalogue.triggers.find((t) => t.topic === w.trigger_topic)?.module ?? String(w.trigger_topic).split('.')[0]);
  if (w.trigger.type === 'kpi') needed.add(String(w.trigger.kpi).split(':')[0]!);
  for (const s of w.steps ?? []) needed.add(String(s.action).split(':')[0]!);
  const down = [...needed].filter((m) => m && !live.has(m));
  return down.length ? `waiting: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} not running` : null;
}

export function workflowDto(broker: ServiceBroker, w: WorkflowRow & WorkflowExtras) {
  const def = definitionOf(w);
  const finished = (w.succeeded7d ?? 0) + (w.failed7d ?? 0);
  return {
    id: w.id,
    name: w.name,
    description: w.description ?? null,
    enabled: w.enabled,
    trigger: def.trigger,
    conditions: def.conditions,
    steps: def.steps,
    version: w.version,
    templateId: w.template_id ?? null,
    rateLimitPerMinute: w.rate_limit ?? null,
    triggerText: triggerText(def.trigger, currentCatalogue(broker)),
    waiting: waitingText(broker, w),
    lastRun: w.last_run_id ? { id: w.last_run_id, status: w.last_run_status, startedAt: iso(w.last_run_started_at) } : null,
    stats: { runs7d: w.runs7d ?? 0, successRate7d: finished ? (w.succeeded7d ?? 0) / finished : null },
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
  };
}

export function runDto(r: RunRow & { workflow_name?: string }) {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    workflowName: r.workflow_name ?? null,
    workflowVersion: r.workflow_version,
    status: r.status,
    reason: r.reason,
    trigger: r.trigger,
    clientId: r.client_id,
    depth: r.depth,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: duration(r.started_at, r.finished_at),
    kept: r.kept,
  };
}

export function stepDto(s: StepRow) {
  return {
    index: s.idx,
    action: s.action,
    label: s.label,
    status: s.status,
    params: s.params,
    delayMinutes: s.delay_minutes,
    continueOnFailure: s.continue_on_failure,
    requireApproval: s.require_approval,
    input: s.input ?? null,
    output: s.output ?? null,
    error: s.error ? { message: s.error.message, code: s.error.code ?? null } : null,
    attempts: s.attempts,
    startedAt: iso(s.started_at),
    finishedAt: iso(s.finished_at),
    durationMs: duration(s.started_at, s.finished_at),
    waitUntil: iso(s.wait_until),
  };
}
