/**
 * The agency's pipeline configuration: its ordered stages and its health thresholds. Read by
 * every board; changed by owners and admins (the settings module calls these actions).
 */
import { randomUUID } from 'node:crypto';
import { assertVersion, contentVersion, defineService, errors, setETag, type ActionContext, type FieldError } from '@audienceos/module-sdk';
import { healthPolicy } from '../domain/health';
import { agencyStages, stageDto, stageKeyFrom } from '../domain/stages';
import { ClientSchema, HealthPolicySchema, StageSchema } from '../entities';
import { stageKeyParam } from '../params';

interface StageInput {
  key?: string;
  name: string;
}

/** Keys for new stages: from the name, made unique against every key in use. */
function withKeys(inputs: StageInput[], taken: Set<string>): Required<StageInput>[] {
  return inputs.map((input) => {
    if (input.key) return { key: input.key, name: input.name };
    const base = stageKeyFrom(input.name);
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    taken.add(key);
    return { key, name: input.name };
  });
}

/**
 * The stage list with its version: a hash of the ordered keys and names, the `ETag` that a
 * `PUT /stages` with `If-Match` must name (412 when someone changed the list meanwhile).
 */
function versionedList(ctx: ActionContext, stages: Parameters<typeof stageDto>[0][]) {
  const items = stages.map(stageDto);
  const version = contentVersion(items.map((s) => [s.key, s.name]));
  setETag(ctx, version);
  return { items, version };
}

function duplicates(values: string[]): Set<string> {
  const seen = new Set<string>();
  return new Set(values.filter((v) => (seen.has(v) ? true : (seen.add(v), false))));
}

export const stagesService = defineService({
  name: 'stages',
  settings: { rest: '/clients' },
  actions: {
    list: {
      rest: 'GET /stages',
      summary: "The agency's stages in board order (the defaults until someone changes them)",
      permissions: ['clients:read'],
      async handler(ctx: ActionContext) {
        return versionedList(ctx, await agencyStages(ctx));
      },
    },
    replace: {
      rest: 'PUT /stages',
      summary: 'Replace the ordered list. Keep a stage by sending its key; a stage that still holds clients cannot be removed',
      permissions: ['pipeline:manage'],
      params: {
        stages: {
          type: 'array',
          min: 1,
          max: 20,
          items: { type: 'object', strict: true, props: { key: { ...stageKeyParam, optional: true }, name: { type: 'string', min: 1, max: 40, trim: true } } },
        },
      },
      async handler(ctx: ActionContext<{ stages: StageInput[] }>) {
        // Concurrent replaces queue on the agency's stage rows, so If-Match sees the latest list.
        await ctx.db.sql('select id from pipeline.stage where agency_id = $agency for update');
        const current = await agencyStages(ctx);
        const before = versionedList(ctx, current);
        await assertVersion(ctx, before.version, () => before);
        const taken = new Set([...current.map((s) => s.key), ...ctx.params.stages.flatMap((s) => (s.key ? [s.key] : []))]);
        const wanted = withKeys(ctx.params.stages, taken);
        const problems: FieldError[] = [];
        const dupNames = duplicates(wanted.map((s) => s.name.toLowerCase()));
        const dupKeys = duplicates(wanted.map((s) => s.key));
        wanted.forEach((s, i) => {
          if (dupNames.has(s.name.toLowerCase())) problems.push({ field: `stages[${i}].name`, message: `Two stages are named '${s.name}'`, type: 'unique' });
          if (dupKeys.has(s.key)) problems.push({ field: `stages[${i}].key`, message: `Two stages have the key '${s.key}'`, type: 'unique' });
        });
        const keep = new Set(wanted.map((s) => s.key));
        const removed = current.filter((s) => !keep.has(s.key));
        for (const stage of removed) {
          const occupied = await ctx.db.count(ClientSchema, { stage: stage.key, archivedAt: null });
          if (occupied) problems.push({ field: 'stages', message: `Move the ${occupied} client(s) out of '${stage.name}' before removing it`, type: 'stageInUse', actual: stage.key });
        }
        if (problems.length) throw errors.invalid(problems);

        removed.forEach((s) => ctx.em.remove(s));
        const byKey = new Map(current.map((s) => [s.key, s]));
        wanted.forEach((s, position) => {
          const existing = byKey.get(s.key);
          if (existing) Object.assign(existing, { name: s.name, position });
          else ctx.db.create(StageSchema, { id: randomUUID(), key: s.key, name: s.name, position, createdAt: new Date() });
        });
        await ctx.em.flush();
        return versionedList(ctx, await ctx.db.find(StageSchema, {}, { orderBy: { position: 'asc' } }));
      },
    },
    thresholds: {
      rest: 'GET /health-thresholds',
      summary: 'Days in a stage after which a client turns yellow, then red',
      permissions: ['clients:read'],
      async handler(ctx: ActionContext) {
        return healthPolicy(ctx);
      },
    },
    setThresholds: {
      rest: 'PUT /health-thresholds',
      permissions: ['pipeline:manage'],
      params: {
        yellowAfterDays: { type: 'number', integer: true, min: 1, max: 365 },
        redAfterDays: { type: 'number', integer: true, min: 2, max: 366 },
      },
      async handler(ctx: ActionContext<{ yellowAfterDays: number; redAfterDays: number }>) {
        const { yellowAfterDays, redAfterDays } = ctx.params;
        if (redAfterDays <= yellowAfterDays) {
          throw errors.invalid({ field: 'redAfterDays', message: 'Red must come after yellow (more days)', type: 'numberMin', actual: redAfterDays });
        }
        const row = await ctx.db.findOne(HealthPolicySchema, {});
        if (row) Object.assign(row, { yellowAfterDays, redAfterDays, updatedAt: new Date() });
        else ctx.db.create(HealthPolicySchema, { yellowAfterDays, redAfterDays, updatedAt: new Date() });
        return { yellowAfterDays, redAfterDays };
      },
    },
  },
});
