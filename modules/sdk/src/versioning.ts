/**
 * Concurrent edits lose nothing (issue 9 §8–9). Records a person edits carry a version: an
 * integer column (`version`, MikroORM's optimistic-lock property: +1 on every update) for
 * rows, or a content hash for lists and singletons (stages, settings). Reads and writes
 * answer it as the `ETag` header and as `version` in the body; PATCH/PUT with `If-Match`
 * (the gateway copies it to `ctx.meta.ifMatch`, with the routed action in `ifMatchAction`) are refused with 412 PRECONDITION_FAILED
 * when the record changed since the client loaded it, with the current record in
 * `data.current` so the screen can show what changed. Without `If-Match` a write applies
 * (last write wins, the behaviour of plain HTTP clients).
 *
 * Writes answer the row as saved: `saved(ctx, row)` flushes inside the call's transaction,
 * so the response carries the new `updatedAt`, `version` and anything the database computed.
 */
import { createHash } from 'node:crypto';
import type { ActionContext } from './define-module';
import { MoleculerClientError } from './errors';

/** The version as an entity-tag (strong): `"7"`, or `"<hash>"` for content versions. */
export function etagOf(version: number | string): string {
  return `"${version}"`;
}

/**
 * The versions an `If-Match` header value accepts: `*` (any), or a comma-separated list of
 * (weak or strong) entity-tags; a bare number (`7`) is tolerated. Null when there is none.
 */
export function parseIfMatch(header: unknown): { any: boolean; versions: string[] } | null {
  if (typeof header !== 'string' || !header.trim()) return null;
  const value = header.trim();
  if (value === '*') return { any: true, versions: [] };
  const versions = value
    .split(',')
    .map((part) => part.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
  return { any: false, versions };
}

/** Sets the `ETag` response header for `version` (kept with other headers the action set). */
export function setETag(ctx: ActionContext, version: number | string): void {
  ctx.meta.$responseHeaders = { ...(ctx.meta.$responseHeaders ?? {}), ETag: etagOf(version) };
}

/**
 * Refuses the write with 412 when the request's `If-Match` names another version than
 * `current` (the record as stored now, read inside this transaction, preferably locked).
 * `describe` gives the current record as the API shows it (for `data.current`). No
 * `If-Match` → nothing to check.
 */
export async function assertVersion(ctx: ActionContext, current: number | string, describe?: () => unknown | Promise<unknown>): Promise<void> {
  // The header belongs to the action the gateway routed the request to; meta travels on to
  // every nested call, where another record's version must not be compared with it.
  const routed = ctx.meta.ifMatchAction;
  if (typeof routed === 'string' && ctx.action?.name && routed !== ctx.action.name) return;
  const wanted = parseIfMatch(ctx.meta.ifMatch);
  if (!wanted || wanted.any || wanted.versions.includes(String(current))) return;
  setETag(ctx, current);
  throw new MoleculerClientError('Someone else changed this since you loaded it: reload to see their change, or overwrite it', 412, 'PRECONDITION_FAILED', {
    version: current,
    yours: wanted.versions[0] ?? null,
    current: describe ? await describe() : undefined,
  });
}

/**
 * Flushes `row` (inside the call's transaction), so that `updatedAt`, `version` and database
 * defaults are the saved ones, sets `ETag` from its `version`, and gives the row back.
 */
export async function saved<T extends { version?: number }>(ctx: ActionContext, row: T): Promise<T> {
  try {
    await ctx.em.flush();
  } catch (err) {
    // MikroORM's version check (`update … where version = ?` hit no row): a concurrent write won.
    if ((err as { name?: string }).name === 'OptimisticLockError') {
      throw new MoleculerClientError('Someone else changed this at the same moment: reload and try again', 412, 'PRECONDITION_FAILED', { version: null });
    }
    throw err;
  }
  if (typeof row.version === 'number') setETag(ctx, row.version);
  return row;
}

/** A content version (for lists and singletons without a version column): 16 hex chars of SHA-256. */
export function contentVersion(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}
