/**
 * Keyset pagination over `(sort key, id)`: stable under inserts, no OFFSET scans. The cursor
 * is opaque to clients (base64url JSON); the page size is capped at 100.
 */
import { QueryOrder, type EntityName, type FilterQuery, type FindOptions } from '@mikro-orm/postgresql';
import { sqlStateOf } from './db-errors';
import { errors } from './errors';
import type { TenantScope } from './tenant';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

export interface PageRequest {
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  limit: number;
}

/** fastest-validator params for a list action: spread into `params`. */
export function pageParams(sortable: readonly string[]) {
  return {
    sort: { type: 'enum', values: [...sortable], optional: true },
    order: { type: 'enum', values: ['asc', 'desc'], optional: true },
    limit: { type: 'number', integer: true, positive: true, max: MAX_PAGE_SIZE, convert: true, optional: true },
    cursor: { type: 'string', optional: true, max: 500 },
  } as const;
}

function encode(value: unknown, id: string): string {
  const v = value instanceof Date ? { d: value.toISOString() } : { v: value };
  return Buffer.from(JSON.stringify([v, id])).toString('base64url');
}

const invalidCursor = () =>
  errors.badRequest('The cursor is not valid: start from the first page', 'INVALID_CURSOR', [{ field: 'cursor', message: 'The cursor is not valid', type: 'cursor' }]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A cursor is only ever one we made: `[{v: scalar} | {d: ISO instant}, uuid]`. Anything else
 * (not base64url JSON, an object smuggled in as the sort value — a query operator — an
 * invalid date, a non-uuid id) is a 400 INVALID_CURSOR, never a database error.
 */
function decode(cursor: string): { value: unknown; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string' || !UUID.test(parsed[1])) throw invalidCursor();
  const [v, id] = parsed as [unknown, string];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalidCursor();
  if ('d' in v) {
    const d = typeof (v as { d: unknown }).d === 'string' ? new Date((v as { d: string }).d) : null;
    if (!d || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) throw invalidCursor();
    return { value: d, id };
  }
  const value = (v as { v?: unknown }).v;
  const scalar = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 500 && !value.includes('\u0000'));
  if (!('v' in v) || !scalar) throw invalidCursor();
  return { value, id };
}

/**
 * The condition "after the row at (`value`, `id`)" in the order `(key <order> NULLS LAST, id
 * <order>)`. Rows whose key is null come after every non-null key, in both directions, so a
 * cursor on a non-null key still has the null rows ahead of it, and a cursor on a null key
 * continues among the null rows by id alone. (A plain `key > value` would silently drop
 * every null row: `null > x` is not true in SQL.)
 */
export function afterCursor(sort: string, order: 'asc' | 'desc', value: unknown, id: string, nullable = true): Record<string, unknown> {
  const op = order === 'asc' ? '$gt' : '$lt';
  if (value === null || value === undefined) return { [sort]: null, id: { [op]: id } };
  const after = [{ [sort]: { [op]: value } }, { [sort]: value, id: { [op]: id } }];
  return { $or: nullable ? [...after, { [sort]: null }] : after };
}

/**
 * Whether the sort property may hold null (from the entity's metadata; unknown → nullable).
 * A NOT NULL key keeps the plain `(key, id)` order and condition, so that its index still
 * serves both directions (PostgreSQL does not treat `DESC NULLS LAST` as an index order).
 */
function isNullable(db: TenantScope, entity: EntityName<unknown>, property: string): boolean {
  const meta = db.em.getMetadata().find(entity as EntityName<object>);
  const prop = meta?.properties[property as never] as { nullable?: boolean } | undefined;
  return prop ? prop.nullable === true : true;
}

/**
 * One page of `entity` rows in the caller's agency matching `where`, ordered by
 * `(request.sort ?? defaults.sort, id)` in `request.order ?? defaults.order`, nulls last in
 * both orders, at most `limit` (default 25, capped at 100) rows. `nextCursor` continues
 * after the last row; null on the last page. Every row is returned exactly once across the
 * pages, also when keys tie or are null (`afterCursor`). Timestamps are compared at the
 * millisecond precision the platform writes them with.
 */
export async function paginate<T extends { id: string }>(
  db: TenantScope,
  entity: EntityName<T>,
  where: FilterQuery<T> | Record<string, unknown>,
  request: PageRequest,
  defaults: { sort: string; order: 'asc' | 'desc' },
  options: Omit<FindOptions<T, never>, 'orderBy' | 'limit'> = {},
): Promise<Page<T>> {
  const sort = request.sort ?? defaults.sort;
  const order = request.order ?? defaults.order;
  const limit = Math.min(request.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const nullable = isNullable(db, entity as EntityName<unknown>, sort);
  const clauses: Record<string, unknown>[] = [where as Record<string, unknown>];
  if (request.cursor) {
    const { value, id } = decode(request.cursor);
    clauses.push(afterCursor(sort, order, value, id, nullable));
  }
  const keyOrder = !nullable ? order : order === 'asc' ? QueryOrder.ASC_NULLS_LAST : QueryOrder.DESC_NULLS_LAST;
  const rows = await db.find(entity, { $and: clauses } as FilterQuery<T>, {
    ...options,
    orderBy: { [sort]: keyOrder, id: order } as never,
    limit: limit + 1,
  } as FindOptions<T, never>).catch((err: unknown) => {
    // A well-formed but forged value of the wrong type for the sort column: a bad value
    // (22xxx) or no comparison operator for that pair of types (42883, 42804).
    if (request.cursor && /^(22|42883|42804)/.test(sqlStateOf(err) ?? '')) throw invalidCursor();
    throw err;
  });
  const items = rows.slice(0, limit) as T[];
  const last = items[items.length - 1] as (T & Record<string, unknown>) | undefined;
  const nextCursor = rows.length > limit && last ? encode(last[sort] ?? null, last.id) : null;
  return { items, nextCursor, limit };
}
