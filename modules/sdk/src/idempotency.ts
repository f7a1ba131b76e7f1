/**
 * Idempotent creates. With an `Idempotency-Key` (the gateway copies the header into
 * `ctx.meta.idempotencyKey`), the first call stores its result in the same transaction as
 * the change; a retry with the same key and body returns that result without doing the work
 * again; the same key with another body is refused (422). Concurrent duplicates serialise
 * on the key's primary key, so exactly one of them does the work.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { errors } from './errors';

function stableStringify(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function withIdempotency<T>(
  em: EntityManager,
  schema: string,
  scope: { agencyId: string; action: string; key: string | undefined },
  body: unknown,
  work: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  if (!scope.key) return { result: await work(), replayed: false };
  if (scope.key.length > 200) throw errors.invalid({ field: 'Idempotency-Key', message: 'At most 200 characters', type: 'stringMax' });
  const hash = createHash('sha256').update(stableStringify(body)).digest('hex');
  const exec = (sql: string, params: unknown[], method: 'all' | 'run' = 'all') =>
    em.getConnection().execute(sql, params, method, em.getTransactionContext()) as Promise<any>;
  const inserted = await exec(
    `insert into "${schema}".idempotency_key (agency_id, scope, key, request_hash) values (?, ?, ?, ?)
       on conflict do nothing returning key`,
    [scope.agencyId, scope.action, scope.key, hash],
  );
  if (inserted.length === 0) {
    const [existing] = await exec(
      `select request_hash, response from "${schema}".idempotency_key where agency_id = ? and scope = ? and key = ?`,
      [scope.agencyId, scope.action, scope.key],
    );
    if (existing.request_hash !== hash) {
      throw errors.unprocessable('This Idempotency-Key was used with a different request', 'IDEMPOTENCY_KEY_REUSED', { key: scope.key });
    }
    return { result: existing.response as T, replayed: true };
  }
  const result = await work();
  await exec(`update "${schema}".idempotency_key set response = ?::jsonb where agency_id = ? and scope = ? and key = ?`, [
    JSON.stringify(result),
    scope.agencyId,
    scope.action,
    scope.key,
  ], 'run');
  return { result, replayed: false };
}
