/**
 * Workflow definitions: the request shape (fastest-validator), the checks made at save time
 * against the live catalogue (unknown trigger/action/KPI, bad cron, strict liquid templates
 * with the field path of every unknown variable), the sentence that tells a trigger in words,
 * and condition evaluation.
 */
import { Cron } from 'croner';
import { Liquid } from 'liquidjs';
import { errors, type FieldError } from '@audienceos/module-sdk';
import type { Catalogue, CatalogueAction } from './catalogue';

export type ConditionOp = 'equals' | 'notEquals' | 'contains' | 'startsWith' | 'gt' | 'lt' | 'isSet' | 'in';
export const CONDITION_OPS: ConditionOp[] = ['equals', 'notEquals', 'contains', 'startsWith', 'gt', 'lt', 'isSet', 'in'];
export interface Condition {
  field: string;
  op: ConditionOp;
  value?: unknown;
}
export type Trigger =
  | { type: 'event'; topic: string; filters?: Condition[] }
  | { type: 'schedule'; cron: string; preset?: 'daily' | 'weekdays' | 'weekly' | 'monthly' }
  | { type: 'inactivity'; days: number }
  | { type: 'kpi'; kpi: string; direction: 'above' | 'below'; value: number }
  | { type: 'manual' };
export interface Conditions {
  mode: 'all' | 'any';
  items: Condition[];
}
export type ParamValue = string | number | boolean | string[];
export interface Step {
  action: string;
  params: Record<string, ParamValue>;
  delayMinutes?: number;
  continueOnFailure?: boolean;
  requireApproval?: boolean;
}
export interface Definition {
  trigger: Trigger;
  conditions: Conditions;
  steps: Step[];
}

export const PRESETS: Record<string, string> = { daily: '0 9 * * *', weekdays: '0 9 * * 1-5', weekly: '0 9 * * 1', monthly: '0 9 1 * *' };
export const MAX_STEPS = 20;
export const MAX_DELAY_MINUTES = 43_200;

const conditionRule = {
  type: 'object',
  strict: true,
  props: {
    field: { type: 'string', min: 1, max: 200 },
    op: { type: 'enum', values: CONDITION_OPS },
    value: { type: 'any', optional: true },
  },
} as const;

/** fastest-validator rules of the definition fields (shared by create and update). */
export const definitionParams = {
  trigger: {
    type: 'object',
    strict: true,
    props: {
      type: { type: 'enum', values: ['event', 'schedule', 'inactivity', 'kpi', 'manual'] },
      topic: { type: 'string', min: 1, max: 200, optional: true },
      filters: { type: 'array', max: 20, items: conditionRule, optional: true },
      cron: { type: 'string', min: 1, max: 100, optional: true },
      preset: { type: 'enum', values: Object.keys(PRESETS), optional: true },
      days: { type: 'number', integer: true, min: 1, max: 365, optional: true },
      kpi: { type: 'string', min: 3, max: 200, optional: true },
      direction: { type: 'enum', values: ['above', 'below'], optional: true },
      value: { type: 'number', optional: true },
    },
  },
  conditions: {
    type: 'object',
    strict: true,
    optional: true,
    props: {
      mode: { type: 'enum', values: ['all', 'any'], optional: true },
      items: { type: 'array', max: 20, items: conditionRule, optional: true },
    },
  },
  steps: {
    type: 'array',
    min: 1,
    max: MAX_STEPS,
    items: {
      type: 'object',
      strict: true,
      props: {
        action: { type: 'string', min: 3, max: 200 },
        params: { type: 'object', optional: true },
        delayMinutes: { type: 'number', integer: true, min: 0, max: MAX_DELAY_MINUTES, optional: true },
        continueOnFailure: { type: 'boolean', optional: true },
        requireApproval: { type: 'boolean', optional: true },
      },
    },
  },
} as const;

/** The client fields conditions and templates may use (`client.<field>`, read through the pipeline). */
export const CLIENT_FIELDS: Record<string, string> = {
  id: 'uuid',
  name: 'string',
  company: 'string',
  website: 'string',
  contactName: 'string',
  contactEmail: 'string',
  contactPhone: 'string',
  tags: 'string[]',
  totalSpend: 'number',
  lifetimeValue: 'number',
  stage: 'string',
  ownerId: 'uuid',
  collaboratorIds: 'uuid[]',
  health: 'string',
  daysInStage: 'number',
  status: 'string',
};

/** The `trigger.<field>` variables of a trigger (declared fields for events, fixed ones otherwise). */
export function triggerFields(trigger: Trigger, catalogue: Catalogue): Record<string, string> | null {
  switch (trigger.type) {
    case 'event': {
      const t = catalogue.triggers.find((x) => x.topic === trigger.topic);
      return t ? { ...t.fields, eventId: 'string', topic: 'string', occurredAt: 'date' } : null;
    }
    case 'schedule':
      return { scheduledAt: 'date' };
    case 'inactivity':
      return { clientId: 'uuid', days: 'number', lastActivityAt: 'date' };
    case 'kpi':
      return { kpi: 'string', value: 'number', threshold: 'number', direction: 'string' };
    case 'manual':
      return { clientId: 'uuid', runBy: 'uuid' };
  }
}

/** Usable template variables per trigger topic (and per non-event trigger kind). */
export function variablesOf(catalogue: Catalogue): Record<string, string[]> {
  const common = [...Object.keys(CLIENT_FIELDS).map((f) => `client.${f}`), 'workflow.id', 'workflow.name', 'run.id'];
  const out: Record<string, string[]> = {};
  for (const t of catalogue.triggers)
    out[t.topic] = [...Object.keys(triggerFields({ type: 'event', topic: t.topic }, catalogue)!).map((f) => `trigger.${f}`), ...common];
  for (const kind of ['schedule', 'inactivity', 'kpi', 'manual'] as const) {
    out[kind] = [...Object.keys(triggerFields({ type: kind } as Trigger, catalogue)!).map((f) => `trigger.${f}`), ...common];
  }
  return out;
}

function sampleValue(type: string): unknown {
  const t = type.toLowerCase();
  if (t.endsWith('[]')) return [];
  if (t.startsWith('uuid')) return '00000000-0000-4000-8000-000000000000';
  if (t.startsWith('number')) return 1;
  if (t.startsWith('boolean')) return true;
  if (t.startsWith('date')) return '2026-01-01T00:00:00.000Z';
  if (t.startsWith('object')) return {};
  return 'text';
}

/** A typed sample context: what a template may reference for this trigger. */
export function sampleContext(trigger: Trigger, catalogue: Catalogue, workflow: { id: string; name: string }): Record<string, unknown> {
  const fields = triggerFields(trigger, catalogue) ?? {};
  return {
    trigger: Object.fromEntries(Object.entries(fields).map(([k, t]) => [k, sampleValue(t)])),
    client: Object.fromEntries(Object.entries(CLIENT_FIELDS).map(([k, t]) => [k, sampleValue(t)])),
    workflow,
    run: { id: '00000000-0000-4000-8000-000000000000' },
  };
}

/** Templates never read files (`include`/`render`/`layout` find nothing) and are bounded in size, time and memory. */
const noFiles = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('Templates cannot include files');
  },
  readFileSync: () => {
    throw new Error('Templates cannot include files');
  },
  resolve: (_dir: string, file: string) => file,
  contains: async () => false,
  containsSync: () => false,
};
const limits = {
  fs: noFiles,
  relativeReference: false,
  root: [],
  partials: [],
  layouts: [],
  parseLimit: 20_000,
  renderLimit: 200,
  memoryLimit: 5_000_000,
  ownPropertyOnly: true,
  strictFilters: true,
};
const strictLiquid = new Liquid({ ...limits, strictVariables: true });
const lenientLiquid = new Liquid({ ...limits, strictVariables: false });

/** Render a step's params against a run's context (strings are liquid templates; lists item by item). */
export function renderParams(params: Record<string, ParamValue>, context: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (typeof v === 'string') out[k] = lenientLiquid.parseAndRenderSync(v, context);
    else if (Array.isArray(v))
      out[k] = v
        .map((item) => (typeof item === 'string' ? lenientLiquid.parseAndRenderSync(item, context) : item))
        .filter((item) => item !== '');
    else out[k] = v;
  }
  // An empty optional id/text is "not given" for the target action.
  for (const [k, v] of Object.entries(out)) if (v === '') delete out[k];
  return out;
}

function liquidProblem(template: string, sample: Record<string, unknown>): string | null {
  try {
    strictLiquid.parseAndRenderSync(template, sample);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/, line:\d+, col:\d+$/, '');
  }
}

/** `'uuid?'` / `{ optional: true }` → optional. */
function paramRequired(rule: unknown): boolean {
  if (typeof rule === 'string') return !rule.trim().endsWith('?') && !/optional/.test(rule);
  if (rule && typeof rule === 'object') return !(rule as { optional?: boolean }).optional;
  return false;
}

function fieldKnown(field: string, trigger: Trigger, catalogue: Catalogue): boolean {
  if (field === 'time.weekday' || field === 'time.hour') return true;
  const [root, ...rest] = field.split('.');
  const name = rest.join('.');
  if (!name) return false;
  if (root === 'client') return name in CLIENT_FIELDS;
  if (root === 'trigger') {
    const fields = triggerFields(trigger, catalogue) ?? {};
    return name.split('.')[0]! in fields;
  }
  return false;
}

/** Normalise a definition (defaults, preset → cron). */
export function normalise(input: { trigger: Trigger; conditions?: Partial<Conditions>; steps: Step[] }): Definition {
  const trigger = { ...input.trigger } as Trigger & Record<string, unknown>;
  if (trigger.type === 'schedule' && !trigger.cron && trigger.preset) trigger.cron = PRESETS[trigger.preset]!;
  return {
    trigger,
    conditions: { mode: input.conditions?.mode ?? 'all', items: input.conditions?.items ?? [] },
    steps: input.steps.map((s) => ({
      action: s.action,
      params: s.params ?? {},
      delayMinutes: s.delayMinutes ?? 0,
      continueOnFailure: s.continueOnFailure ?? false,
      requireApproval: s.requireApproval ?? false,
    })),
  };
}

/**
 * Check a definition against the catalogue; throws 422 VALIDATION_ERROR with one entry per
 * problem (`field`: e.g. `steps[0].params.title`, `trigger.cron`, `conditions.items[1].field`).
 */
export function validateDefinition(def: Definition, catalogue: Catalogue, workflow: { id: string; name: string }, zone: string): void {
  const problems: FieldError[] = [];
  const add = (field: string, message: string, type: string) => problems.push({ field, message, type });
  const t = def.trigger as Trigger & Record<string, unknown>;
  const allowed: Record<string, string[]> = {
    event: ['type', 'topic', 'filters'],
    schedule: ['type', 'cron', 'preset'],
    inactivity: ['type', 'days'],
    kpi: ['type', 'kpi', 'direction', 'value'],
    manual: ['type'],
  };
  for (const key of Object.keys(t))
    if (!allowed[t.type]!.includes(key) && t[key] !== undefined) add(`trigger.${key}`, `A ${t.type} trigger has no '${key}'`, 'forbidden');
  if (t.type === 'event') {
    if (!t.topic) add('trigger.topic', 'Choose the event that starts the workflow', 'required');
    else if (!catalogue.triggers.some((x) => x.topic === t.topic))
      add('trigger.topic', `No running module offers the trigger '${t.topic}'`, 'unknownTrigger');
    (t.filters ?? []).forEach((c, i) => {
      if (!fieldKnown(c.field, t, catalogue)) add(`trigger.filters[${i}].field`, `Unknown field '${c.field}'`, 'unknownField');
      if (c.op !== 'isSet' && c.value === undefined) add(`trigger.filters[${i}].value`, 'A value is required', 'required');
    });
  } else if (t.type === 'schedule') {
    if (!t.cron) add('trigger.cron', 'A cron expression (or a preset) is required', 'required');
    else {
      // Five fields (minute hour day month weekday) or a nickname such as @daily: croner also
      // takes a seconds (and year) field, which would make a run every second the engine can
      // only cap, and an expression that never comes (`0 0 31 2 *`) is a workflow that never runs.
      const fields = t.cron.trim().split(/\s+/);
      if (!t.cron.trim().startsWith('@') && fields.length !== 5) {
        add('trigger.cron', 'Use five fields: minute hour day-of-month month day-of-week (e.g. 0 9 * * 1-5)', 'cron');
      } else {
        try {
          const cron = new Cron(t.cron, { timezone: zone, paused: true });
          if (!cron.nextRun()) add('trigger.cron', 'This schedule never comes (no such date)', 'cron');
        } catch (err) {
          add('trigger.cron', `Not a valid cron expression: ${(err as Error).message}`, 'cron');
        }
      }
    }
  } else if (t.type === 'inactivity') {
    if (!t.days) add('trigger.days', 'The number of quiet days is required', 'required');
  } else if (t.type === 'kpi') {
    if (!t.kpi) add('trigger.kpi', 'Choose a KPI', 'required');
    else if (!catalogue.kpis.some((k) => k.key === t.kpi)) add('trigger.kpi', `No running module offers the KPI '${t.kpi}'`, 'unknownKpi');
    if (!t.direction) add('trigger.direction', 'above or below', 'required');
    if (typeof t.value !== 'number') add('trigger.value', 'The threshold is required', 'required');
  }
  def.conditions.items.forEach((c, i) => {
    if (!fieldKnown(c.field, t, catalogue)) add(`conditions.items[${i}].field`, `Unknown field '${c.field}'`, 'unknownField');
    if (c.op !== 'isSet' && c.value === undefined) add(`conditions.items[${i}].value`, 'A value is required', 'required');
    if (c.op === 'in' && c.value !== undefined && !Array.isArray(c.value))
      add(`conditions.items[${i}].value`, "'is one of' takes a list", 'array');
  });
  const sample = sampleContext(t, catalogue, workflow);
  def.steps.forEach((step, i) => {
    const action: CatalogueAction | undefined = catalogue.actions.find((a) => a.key === step.action);
    if (!action) {
      add(`steps[${i}].action`, `No running module offers the action '${step.action}'`, 'unknownAction');
      return;
    }
    const declared = action.params ?? {};
    for (const [k, v] of Object.entries(step.params ?? {})) {
      const field = `steps[${i}].params.${k}`;
      if (!(k in declared)) {
        add(field, `'${action.label}' takes no '${k}'`, 'forbidden');
        continue;
      }
      const valid =
        typeof v === 'string' ||
        typeof v === 'number' ||
        typeof v === 'boolean' ||
        (Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string'));
      if (!valid) {
        add(field, 'A text, number, yes/no or list of texts', 'type');
        continue;
      }
      for (const text of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) {
        if (text.length > 5000) add(field, 'At most 5000 characters', 'stringMax');
        const problem = liquidProblem(text, sample);
        if (problem)
          add(
            field,
            problem.startsWith('undefined variable') ? `Unknown variable ${problem.replace('undefined variable: ', '')}` : problem,
            'template',
          );
      }
    }
    for (const [k, rule] of Object.entries(declared)) {
      if (paramRequired(rule) && (step.params?.[k] === undefined || step.params[k] === ''))
        add(`steps[${i}].params.${k}`, `'${k}' is required`, 'required');
    }
  });
  if (problems.length) throw errors.invalid(problems);
}

/** "When a client moves to Live" — the trigger in words. */
export function triggerText(trigger: Trigger, catalogue: Catalogue): string {
  switch (trigger.type) {
    case 'event': {
      const label = catalogue.triggers.find((x) => x.topic === trigger.topic)?.label ?? trigger.topic;
      const filters = (trigger.filters ?? []).map(
        (f) => `${f.field.replace(/^trigger\./, '')} ${opText(f.op)}${f.op === 'isSet' ? '' : ` ${valueText(f.value)}`}`,
      );
      return `When ${lowerFirst(label)}${filters.length ? ` (${filters.join(', ')})` : ''}`;
    }
    case 'schedule': {
      const presetText: Record<string, string> = {
        daily: 'Every day at 09:00',
        weekdays: 'Every weekday at 09:00',
        weekly: 'Every Monday at 09:00',
        monthly: 'On the 1st of every month at 09:00',
      };
      return trigger.preset && PRESETS[trigger.preset] === trigger.cron ? presetText[trigger.preset]! : `On schedule ${trigger.cron}`;
    }
    case 'inactivity':
      return `When a client has had no activity for ${trigger.days} day${trigger.days === 1 ? '' : 's'}`;
    case 'kpi': {
      const label = catalogue.kpis.find((k) => k.key === trigger.kpi)?.label ?? trigger.kpi;
      return `When ${label} goes ${trigger.direction} ${trigger.value}`;
    }
    case 'manual':
      return 'When run by hand';
  }
}

const lowerFirst = (s: string) => (s ? s[0]!.toLowerCase() + s.slice(1) : s);
function opText(op: ConditionOp): string {
  return {
    equals: '=',
    notEquals: '≠',
    contains: 'contains',
    startsWith: 'starts with',
    gt: '>',
    lt: '<',
    isSet: 'is set',
    in: 'is one of',
  }[op];
}
function valueText(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(', ') : String(v);
}

/** Read `a.b.c` from an object (own properties only). */
export function pathValue(source: unknown, path: string): unknown {
  let cur: unknown = source;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const norm = (v: unknown) =>
  typeof v === 'string' ? v.trim().toLowerCase() : v === null || v === undefined ? '' : String(v).toLowerCase();
function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const d = Date.parse(v);
    return Number.isNaN(d) ? null : d;
  }
  return null;
}

/** One condition against a value (strings compared case-insensitively; arrays: any item). */
export function testCondition(op: ConditionOp, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case 'isSet':
      return !(actual === null || actual === undefined || actual === '' || (Array.isArray(actual) && actual.length === 0));
    case 'equals':
      return Array.isArray(actual) ? actual.some((a) => norm(a) === norm(expected)) : norm(actual) === norm(expected);
    case 'notEquals':
      return !testCondition('equals', actual, expected);
    case 'contains':
      return Array.isArray(actual) ? actual.some((a) => norm(a) === norm(expected)) : norm(actual).includes(norm(expected));
    case 'startsWith':
      return norm(actual).startsWith(norm(expected));
    case 'in': {
      const list = Array.isArray(expected) ? expected : [expected];
      return Array.isArray(actual) ? actual.some((a) => list.some((e) => norm(e) === norm(a))) : list.some((e) => norm(e) === norm(actual));
    }
    case 'gt':
    case 'lt': {
      const a = num(actual);
      const b = num(expected);
      if (a === null || b === null) return false;
      return op === 'gt' ? a > b : a < b;
    }
  }
}

export interface ConditionResult {
  field: string;
  op: ConditionOp;
  value: unknown;
  actual: unknown;
  passed: boolean;
}

/** Evaluate filters (all must pass) and the conditions group (all/any) against a context. */
export function evaluate(def: Definition, context: Record<string, unknown>): { passed: boolean; results: ConditionResult[] } {
  const results: ConditionResult[] = [];
  const one = (c: Condition) => {
    const actual = pathValue(context, c.field);
    const r = {
      field: c.field,
      op: c.op,
      value: c.value,
      actual: actual === undefined ? null : actual,
      passed: testCondition(c.op, actual, c.value),
    };
    results.push(r);
    return r.passed;
  };
  const filters = def.trigger.type === 'event' ? (def.trigger.filters ?? []) : [];
  const filtersPass = filters.map(one).every(Boolean);
  const items = def.conditions.items.map(one);
  const groupPass = items.length === 0 ? true : def.conditions.mode === 'any' ? items.some(Boolean) : items.every(Boolean);
  return { passed: filtersPass && groupPass, results };
}

/** Does a definition read client fields (so the engine must ask the pipeline)? */
export function needsClient(def: Definition): boolean {
  const texts = JSON.stringify(def.steps);
  return /client\./.test(texts) || def.conditions.items.some((c) => c.field.startsWith('client.'));
}
