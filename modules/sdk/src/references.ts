/**
 * Cross-module references for writing (issue 9 §7): before a module attaches its rows to
 * another module's record (a ticket to a pipeline client, an NPS answer to a client…), it
 * asks the owning module, through the broker and as the caller, whether that record exists
 * for the caller, may be written by them, and is not archived. One check, one set of
 * answers, for every module and plugin:
 *
 * - the owner declares its referable records with `referenceService('pipeline', { client })`
 *   (a broker-only service `pipeline.references`, action `check`);
 * - a referrer calls `requireWritable(ctx, 'pipeline.client', id, { field: 'clientId' })`.
 *
 * Answers: unknown, another agency's or invisible to the caller → 422 on the field (the same
 * as an unknown id: nothing is revealed); read-only for the caller → 422; archived → 409
 * `<ENTITY>_ARCHIVED`; owner module down or slow → 503 `DEPENDENCY_UNAVAILABLE`.
 */
import type { ActionContext, ModuleServiceSchema } from './define-module';
import { errors, MoleculerError } from './errors';

/** What the owning module says about one record, for the calling user. */
export interface ReferenceState {
  /** The record exists in the caller's agency and the caller may see it. */
  exists: boolean;
  /** The record is archived (read-only): no new children. */
  archived?: boolean;
  /** The caller may write to it (e.g. a member with a read-only grant may not). */
  writable?: boolean;
}

export type ReferenceResolver = (ctx: ActionContext<{ entity: string; id: string }>, id: string) => Promise<ReferenceState>;

const serviceOf = (module: string) => `${module}.references`;

/**
 * The broker-only service through which `module` answers reference checks for its records.
 * `resolvers` maps an entity name (`client`) to a function that looks the record up as the
 * caller (tenant- and grant-scoped). Add the result to the module's `services`.
 */
export function referenceService(module: string, resolvers: Record<string, ReferenceResolver>): ModuleServiceSchema {
  const entities = Object.keys(resolvers);
  return {
    name: serviceOf(module),
    actions: {
      check: {
        mutation: false,
        summary: `Does this ${entities.join('/')} exist for the caller, may they write to it, is it archived?`,
        params: { entity: { type: 'enum', values: entities }, id: { type: 'uuid' } },
        async handler(ctx: ActionContext<{ entity: string; id: string }>) {
          const state = await resolvers[ctx.params.entity]!(ctx, ctx.params.id);
          return { exists: state.exists, archived: state.exists && !!state.archived, writable: state.exists && state.writable !== false };
        },
      },
    },
  };
}

export interface RequireWritableOptions {
  /** The request field that carries the id (for the 422's field details). Default `<entity>Id`. */
  field?: string;
  /** Broker timeout for the check, ms. Default 5000. */
  timeout?: number;
}

function upperSnake(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/**
 * Refuses to attach to `reference` (`<module>.<entity>`, e.g. `pipeline.client`) record `id`
 * unless it exists for the caller, is writable by them and is not archived (see the file
 * comment for the errors). Resolves with the state when all is well. No retries: a missing
 * service is retryable for Moleculer and would only delay the 503.
 */
export async function requireWritable(ctx: ActionContext, reference: string, id: string, options: RequireWritableOptions = {}): Promise<ReferenceState> {
  const dot = reference.lastIndexOf('.');
  if (dot <= 0) throw new Error(`requireWritable: '${reference}' is not <module>.<entity>`);
  const module = reference.slice(0, dot);
  const entity = reference.slice(dot + 1);
  const field = options.field ?? `${entity}Id`;
  const label = entity.charAt(0).toUpperCase() + entity.slice(1).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  let state: ReferenceState;
  try {
    state = (await ctx.call(`${serviceOf(module)}.check`, { entity, id }, { timeout: options.timeout ?? 5000, retries: 0 })) as ReferenceState;
  } catch (err) {
    const e = err as { code?: number; type?: string; name?: string };
    const serviceMissing = e?.type === 'SERVICE_NOT_FOUND' || e?.name === 'ServiceNotFoundError' || e?.name === 'ServiceNotAvailableError';
    // A caller's own problem (e.g. 403 for lacking the read permission) passes through.
    if (!serviceMissing && typeof e?.code === 'number' && e.code >= 400 && e.code < 500) throw err;
    throw new MoleculerError(`The ${label.toLowerCase()} cannot be checked right now; try again in a moment`, 503, 'DEPENDENCY_UNAVAILABLE', { dependency: reference });
  }
  if (!state.exists) throw errors.invalid({ field, message: `No such ${label.toLowerCase()} in your agency`, type: 'reference', actual: id });
  if (state.archived) {
    throw errors.conflict(`This ${label.toLowerCase()} is archived: restore it before adding to it`, `${upperSnake(entity)}_ARCHIVED`, { field, id, reference });
  }
  if (state.writable === false) throw errors.invalid({ field, message: `You have read-only access to this ${label.toLowerCase()}`, type: 'reference', actual: id });
  return state;
}
