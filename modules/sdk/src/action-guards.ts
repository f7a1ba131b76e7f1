/**
 * Checks `defineModule`'s action wrapper applies around every handler (issue 8 §4, §5), kept
 * here so that define-module.ts only calls them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { mapDatabaseError } from './db-errors';
import { errors } from './errors';
import { guardInput } from './input-guard';
import { MAX_KPI_RANGE_DAYS } from './limits';
import type { ModuleManifest } from './types';

const DAY_MS = 86_400_000;

/** Is `actionName` (`service.action`) the provider of one of the manifest's KPIs? */
export function isKpiAction(manifest: ModuleManifest, actionName: string): boolean {
  return Array.isArray(manifest.kpis) && manifest.kpis.some((k) => k?.action === actionName);
}

/**
 * A KPI period is at most MAX_KPI_RANGE_DAYS long (two years) on every provider, whatever
 * its own params say: `from`/`to` are ISO strings or Dates (after validation). 422 otherwise.
 */
export function assertKpiRange(params: { from?: unknown; to?: unknown } | null | undefined): void {
  const from = toTime(params?.from);
  const to = toTime(params?.to);
  if (from === null || to === null) return;
  if (to - from > MAX_KPI_RANGE_DAYS * DAY_MS) {
    throw errors.invalid({ field: 'to', message: `A period may be at most ${MAX_KPI_RANGE_DAYS} days (two years) long`, type: 'rangeTooLong' });
  }
}

function toTime(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const t = value instanceof Date ? value.getTime() : typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : NaN;
  return Number.isNaN(t) ? null : t;
}

/** A durable event's payload must be storable as jsonb: no NUL, no lone surrogates (422). */
export function assertStorablePayload(topic: string, data: unknown): void {
  const problems = guardInput(data);
  if (problems.length) throw errors.invalid(problems, `The ${topic} event carries a value that cannot be stored`);
}

/** Rethrow a handler's error with database errors mapped by SQLSTATE (db-errors.ts). */
export function rethrowMapped(err: unknown): never {
  throw mapDatabaseError(err);
}

/**
 * With `AOS_TAG_TRANSACTIONS=true` (the fuzz suite), every action's transaction carries its
 * action name in the setting `aos.action`, so that a row trigger can tell which action wrote
 * (background jobs are actions too). Off by default: it costs a round trip per write.
 */
export function tagsTransactions(): boolean {
  return process.env.AOS_TAG_TRANSACTIONS === 'true';
}

export async function tagTransaction(tx: EntityManager, actionName: string): Promise<void> {
  await tx.getConnection().execute(`select set_config('aos.action', ?, true)`, [actionName], 'all', tx.getTransactionContext());
}
