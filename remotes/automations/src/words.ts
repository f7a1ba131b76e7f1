/**
 * Pure helpers of the automations screen: what a trigger, a condition, a status or a duration
 * says in words, how a catalogue action's param schema becomes form fields, which template
 * variables a trigger offers. No React, no API: unit-testable and shared by every panel.
 */
import type {
  Catalogue,
  CatalogueAction,
  Condition,
  ConditionOp,
  Definition,
  ParamValue,
  RunStatus,
  SchedulePreset,
  StepStatus,
  Trigger,
  TriggerType,
} from './api';

export const TRIGGER_KINDS: { value: TriggerType; label: string }[] = [
  { value: 'event', label: 'something happens' },
  { value: 'schedule', label: 'on a schedule' },
  { value: 'inactivity', label: 'a client goes quiet' },
  { value: 'kpi', label: 'a KPI crosses a value' },
  { value: 'manual', label: 'someone runs it' },
];

export const OPS: { value: ConditionOp; label: string; needsValue: boolean }[] = [
  { value: 'equals', label: 'is', needsValue: true },
  { value: 'notEquals', label: 'is not', needsValue: true },
  { value: 'contains', label: 'contains', needsValue: true },
  { value: 'startsWith', label: 'starts with', needsValue: true },
  { value: 'gt', label: 'is greater than', needsValue: true },
  { value: 'lt', label: 'is less than', needsValue: true },
  { value: 'isSet', label: 'is set', needsValue: false },
  { value: 'in', label: 'is one of', needsValue: true },
];

export const opLabel = (op: ConditionOp): string => OPS.find((o) => o.value === op)?.label ?? op;
export const opNeedsValue = (op: ConditionOp): boolean => OPS.find((o) => o.value === op)?.needsValue ?? true;

/** Cron of each preset (agency zone): 09:00 daily, weekdays, Mondays, the 1st of the month. */
export const SCHEDULE_PRESETS: { value: SchedulePreset; label: string; cron: string }[] = [
  { value: 'daily', label: 'Every day at 09:00', cron: '0 9 * * *' },
  { value: 'weekdays', label: 'Every weekday at 09:00', cron: '0 9 * * 1-5' },
  { value: 'weekly', label: 'Every Monday at 09:00', cron: '0 9 * * 1' },
  { value: 'monthly', label: 'On the 1st of every month at 09:00', cron: '0 9 1 * *' },
];

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const STATUS_WORDS: Record<RunStatus | StepStatus, string> = {
  running: 'Running',
  waiting: 'Waiting',
  awaiting_approval: 'Awaiting approval',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
  loop_stopped: 'Loop stopped',
  pending: 'Pending',
  rejected: 'Rejected',
};
export const RUN_STATUSES: RunStatus[] = [
  'running',
  'waiting',
  'awaiting_approval',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
  'loop_stopped',
];

export const statusLabel = (status: string): string => STATUS_WORDS[status as RunStatus] ?? status;

/** Badge tone for a run or step status: colour only where it means something. */
export function statusTone(status: string): 'neutral' | 'accent' | 'success' | 'warning' | 'danger' {
  switch (status) {
    case 'succeeded':
      return 'success';
    case 'failed':
    case 'loop_stopped':
    case 'rejected':
      return 'danger';
    case 'awaiting_approval':
    case 'waiting':
      return 'warning';
    case 'running':
      return 'accent';
    default:
      return 'neutral';
  }
}

/** A run still in progress (the list refreshes while one is on screen). */
export const isActive = (status: string): boolean => status === 'running' || status === 'waiting' || status === 'awaiting_approval';

/** "340 ms", "4.2 s", "3 min 5 s", "2 h 10 min"; "—" for null. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
}

/** "in 3 days", "in 2 h", "in 45 min" for a step's delay in minutes. */
export function delayWords(minutes: number | undefined): string {
  if (!minutes) return 'right away';
  if (minutes % 1440 === 0) return `after ${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `after ${minutes / 60} h`;
  return `after ${minutes} min`;
}

/** 0..1 → "97 %"; null → "—". */
export const percent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)} %`;

/** A value as people read it in a condition or a step's rendered input. */
export function plainValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(plainValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `trigger.priority` → "priority"; `client.ownerId` → "client owner id"; `time.weekday` → "weekday". */
export function fieldWords(field: string): string {
  const [scope, ...rest] = field.split('.');
  const name = rest
    .join(' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  if (scope === 'client') return `client ${name}`;
  if (scope === 'time') return name === 'hour' ? 'hour of day' : name;
  return name || field;
}

export function conditionWords(c: Condition): string {
  const value = c.field === 'time.weekday' && typeof c.value === 'number' ? WEEKDAYS[c.value] : plainValue(c.value);
  return opNeedsValue(c.op) ? `${fieldWords(c.field)} ${opLabel(c.op)} ${value}` : `${fieldWords(c.field)} ${opLabel(c.op)}`;
}

/**
 * The trigger in words for the builder's preview (the list shows the server's `triggerText`).
 * `catalogue` gives event labels and KPI names; without it the topic/key is shown.
 */
export function triggerWords(trigger: Trigger, catalogue?: Catalogue | null): string {
  switch (trigger.type) {
    case 'event': {
      const label = topicLabel(trigger.topic, catalogue);
      const filters = (trigger.filters ?? []).map(conditionWords);
      return `When ${lowerFirst(label || 'an event')}${filters.length ? ` where ${filters.join(' and ')}` : ''}`;
    }
    case 'schedule': {
      const preset = SCHEDULE_PRESETS.find((p) => p.value === trigger.preset || p.cron === trigger.cron);
      return preset ? preset.label : `On schedule ${trigger.cron}`;
    }
    case 'inactivity':
      return `When a client has been quiet for ${trigger.days} day${trigger.days === 1 ? '' : 's'}`;
    case 'kpi': {
      const kpi = catalogue?.kpis.find((k) => k.key === trigger.kpi)?.label ?? trigger.kpi;
      return `When ${kpi || 'a KPI'} goes ${trigger.direction} ${trigger.value}`;
    }
    case 'manual':
      return 'When someone runs it';
  }
}

/** An event's label from the catalogue, or its topic in words when no running module offers it: "tickets: ticket created". */
export function topicLabel(topic: string | undefined, catalogue?: Catalogue | null): string {
  if (!topic) return 'an event';
  const known = catalogue?.triggers.find((t) => t.topic === topic)?.label;
  if (known) return known;
  const [module, ...rest] = topic.split('.');
  return rest.length
    ? `${module}: ${rest
        .join(' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()}`
    : topic;
}

/** An action's label from the catalogue, or its key in words when no running module offers it: "assign ticket (tickets)". */
export function actionLabel(key: string, catalogue?: Catalogue | null): string {
  const known = catalogue?.actions.find((a) => a.key === key)?.label;
  if (known) return known;
  const [module, id] = key.split(':');
  if (!id) return key;
  const words = (id.split('.').pop() ?? id)
    .replace(/[-_]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${words} (${module})`;
}

const lowerFirst = (s: string) => (s ? s[0]!.toLowerCase() + s.slice(1) : s);

/** A fresh trigger of a kind, with sensible defaults. */
export function defaultTrigger(type: TriggerType, catalogue?: Catalogue | null): Trigger {
  switch (type) {
    case 'event':
      return { type, topic: catalogue?.triggers.find((t) => t.available)?.topic ?? catalogue?.triggers[0]?.topic ?? '', filters: [] };
    case 'schedule':
      return { type, cron: SCHEDULE_PRESETS[1]!.cron, preset: 'weekdays' };
    case 'inactivity':
      return { type, days: 7 };
    case 'kpi':
      return { type, kpi: catalogue?.kpis[0]?.key ?? '', direction: 'above', value: 0 };
    case 'manual':
      return { type };
  }
}

export function emptyDefinition(): Definition {
  return { name: '', description: '', trigger: { type: 'manual' }, conditions: { mode: 'all', items: [] }, steps: [] };
}

// ---------------------------------------------------------------------------------------------
// Action params: a fastest-validator schema → form fields

export type ParamKind = 'string' | 'text' | 'number' | 'boolean' | 'enum' | 'array' | 'date' | 'uuid';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  optional: boolean;
  values?: string[];
  label: string;
}

/** Field names as words: `assigneeId` → "Assignee", `dueDate` → "Due date". */
export function paramLabel(name: string): string {
  const words = name
    .replace(/Ids?$/, (m) => (m === 'Ids' ? 's' : ''))
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  if (name === 'id') return 'Record';
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

/**
 * One schema entry (`'string'`, `'uuid?'`, `'string|optional'`, `{ type: 'enum', values, optional }`,
 * `{ type: 'array', items: 'string' }` …) as a form field. `$$`-prefixed keys are not fields.
 */
export function paramSpecs(schema: Record<string, unknown> | undefined): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const [name, rule] of Object.entries(schema ?? {})) {
    if (name.startsWith('$$')) continue;
    let type = 'string';
    let optional = false;
    let values: string[] | undefined;
    if (typeof rule === 'string') {
      const parts = rule.split('|').map((p) => p.trim());
      type = parts[0]!.replace(/\?$/, '');
      optional = parts[0]!.endsWith('?') || parts.includes('optional');
    } else if (Array.isArray(rule)) {
      const first = rule[0];
      type = typeof first === 'string' ? first.replace(/\?$/, '') : String((first as { type?: string })?.type ?? 'string');
      optional = rule.some((r) => (typeof r === 'string' ? r.endsWith('?') : Boolean((r as { optional?: boolean })?.optional)));
    } else if (rule && typeof rule === 'object') {
      const r = rule as { type?: string; optional?: boolean; values?: unknown[]; max?: number };
      type = r.type ?? 'string';
      optional = Boolean(r.optional);
      if (Array.isArray(r.values)) values = r.values.map(String);
      if (type === 'string' && (r.max ?? 0) > 300) type = 'text';
    }
    const kind: ParamKind =
      type === 'number'
        ? 'number'
        : type === 'boolean'
          ? 'boolean'
          : type === 'enum' || (type === 'string' && values)
            ? 'enum'
            : type === 'array'
              ? 'array'
              : type === 'date'
                ? 'date'
                : type === 'uuid'
                  ? 'uuid'
                  : /^(body|text|message|description|note|content)$/i.test(name)
                    ? 'text'
                    : 'string';
    out.push({ name, kind, optional, values, label: paramLabel(name) });
  }
  return out;
}

/** The value a new step's field starts with: `{{client.id}}` for a record id when the trigger offers it. */
export function defaultParam(spec: ParamSpec, variables: string[]): ParamValue | undefined {
  if (spec.kind === 'boolean') return spec.optional ? undefined : false;
  if (spec.name === 'id' || spec.name === 'clientId') {
    const v = variables.find((x) => x === 'client.id') ?? variables.find((x) => x === 'trigger.clientId');
    if (v) return `{{${v}}}`;
  }
  if (spec.kind === 'enum' && !spec.optional) return spec.values?.[0];
  return undefined;
}

/** Fields of a trigger's catalogue entry (event kind), e.g. `{ to: 'string', priority: 'string' }`. */
export function triggerFields(trigger: Trigger, catalogue?: Catalogue | null): Record<string, string> {
  if (trigger.type !== 'event') return {};
  return catalogue?.triggers.find((t) => t.topic === trigger.topic)?.fields ?? {};
}

/**
 * Template variables usable in the steps of a workflow with this trigger: the catalogue's list for
 * the topic (or for the trigger kind), falling back to `trigger.<field>` of the event's fields,
 * plus `workflow.name`. Sorted and without duplicates.
 */
export function variablesFor(trigger: Trigger, catalogue?: Catalogue | null): string[] {
  const byKey = catalogue?.variables ?? {};
  const listed = (trigger.type === 'event' ? byKey[trigger.topic] : undefined) ?? byKey[trigger.type] ?? byKey['*'];
  const out = new Set<string>(listed ?? []);
  if (!listed) for (const f of Object.keys(triggerFields(trigger, catalogue))) out.add(`trigger.${f}`);
  out.add('workflow.name');
  return [...out].sort((a, b) => a.localeCompare(b));
}

/** Fields a condition may test: the trigger's fields, the client's (from the variables), and time. */
export function conditionFields(trigger: Trigger, catalogue?: Catalogue | null): { value: string; label: string }[] {
  const vars = variablesFor(trigger, catalogue);
  const fields = new Set<string>();
  for (const f of Object.keys(triggerFields(trigger, catalogue))) fields.add(`trigger.${f}`);
  for (const v of vars) if (v.startsWith('trigger.') || v.startsWith('client.')) fields.add(v);
  fields.add('time.weekday');
  fields.add('time.hour');
  return [...fields].map((value) => ({ value, label: fieldWords(value) }));
}

/** Actions of the catalogue grouped by module, for the step picker. */
export function actionOptions(catalogue: Catalogue | null | undefined): { value: string; label: string; hint?: string }[] {
  return (catalogue?.actions ?? []).map((a: CatalogueAction) => ({
    value: a.key,
    label: a.available ? a.label : `${a.label} (waiting: ${a.module} is not running)`,
    hint: a.module,
  }));
}

/** "waiting: X is not running" for a catalogue entry whose module is down, or null. */
export function waitingWords(entry: { module: string; available: boolean } | undefined): string | null {
  return entry && !entry.available ? `waiting: ${entry.module} is not running` : null;
}

/**
 * Splits 422 field errors into the ones the builder shows where they occur and the rest. `placed`
 * answers whether a field path has a place on screen.
 */
export function unplacedErrors(errors: Record<string, string>, placed: (field: string) => boolean): { field: string; message: string }[] {
  return Object.entries(errors)
    .filter(([field]) => !placed(field))
    .map(([field, message]) => ({ field, message }));
}

/** Field paths the builder renders an error slot for, given the draft (see Builder). */
export function builderPaths(def: Definition, catalogue?: Catalogue | null): Set<string> {
  const paths = new Set<string>(['name', 'description', 'trigger', 'trigger.type', 'conditions', 'conditions.mode', 'steps']);
  const t = def.trigger;
  if (t.type === 'event') {
    paths.add('trigger.topic');
    paths.add('trigger.filters');
    (t.filters ?? []).forEach((_, i) => ['', '.field', '.op', '.value'].forEach((s) => paths.add(`trigger.filters[${i}]${s}`)));
  } else if (t.type === 'schedule') ['trigger.cron', 'trigger.preset'].forEach((p) => paths.add(p));
  else if (t.type === 'inactivity') paths.add('trigger.days');
  else if (t.type === 'kpi') ['trigger.kpi', 'trigger.direction', 'trigger.value'].forEach((p) => paths.add(p));
  paths.add('conditions.items');
  def.conditions.items.forEach((_, i) => ['', '.field', '.op', '.value'].forEach((s) => paths.add(`conditions.items[${i}]${s}`)));
  def.steps.forEach((step, i) => {
    ['', '.action', '.params', '.delayMinutes', '.continueOnFailure', '.requireApproval'].forEach((s) => paths.add(`steps[${i}]${s}`));
    const action = catalogue?.actions.find((a) => a.key === step.action);
    const names = new Set([...Object.keys(step.params), ...paramSpecs(action?.params).map((p) => p.name)]);
    names.forEach((n) => paths.add(`steps[${i}].params.${n}`));
  });
  return paths;
}

/** Removes empty optional params before saving (a blank optional field is "not given"). */
export function cleanDefinition(def: Definition): Definition {
  return {
    ...def,
    name: def.name.trim(),
    description: def.description?.trim() ?? '',
    steps: def.steps.map((s) => ({
      ...s,
      params: Object.fromEntries(
        Object.entries(s.params).filter(([, v]) => v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0)),
      ),
    })),
  };
}

const numericOp = (op: ConditionOp) => op === 'gt' || op === 'lt';

/** The value as typed → what the API gets: numbers for gt/lt and time fields, a list for "is one of". */
export function parseConditionValue(field: string, op: ConditionOp, text: string): unknown {
  if (!opNeedsValue(op)) return undefined;
  if (op === 'in')
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (field.startsWith('time.') && /^\d+$/.test(s) ? Number(s) : s));
  if ((numericOp(op) || field.startsWith('time.')) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

export function conditionValueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
