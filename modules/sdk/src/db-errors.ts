/**
 * The ONE place where a database error becomes an HTTP-shaped error. PostgreSQL reports a
 * five-character SQLSTATE as a *string* `code` (`'23502'`); left alone it would leave the
 * gateway as a 500 and, because `'23502' >= 500` is true in JavaScript, trip Moleculer's
 * circuit breaker for every agency. Classes (PostgreSQL manual, Appendix A "Error Codes"):
 *
 * - 23xxx integrity constraint violation: unique / exclusion → 409, the rest (not null,
 *   foreign key, check) → 422 with the column or constraint as the field;
 * - 22xxx data exception (out-of-range date, bad number, bad JSON escape…) → 422, and so is
 *   08P01 (a NUL character inlined into the query text);
 * - 40001 / 40P01 serialization failure / deadlock → 409 (the client may retry);
 * - anything else (connection, resources, syntax = our bug) stays a 5xx with a NUMERIC code,
 *   so that it counts as an infrastructure failure.
 */
import { MoleculerClientError, MoleculerError, ValidationError, type FieldError } from './errors';

interface PgLikeError {
  code?: unknown;
  sqlState?: unknown;
  column?: string;
  constraint?: string;
  table?: string;
  detail?: string;
  message?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE of a driver error (pg or MikroORM's wrapper), or null for anything else. */
export function sqlStateOf(err: unknown): string | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as PgLikeError;
  for (const candidate of [e.sqlState, e.code]) {
    if (typeof candidate === 'string' && SQLSTATE.test(candidate)) return candidate;
  }
  return null;
}

/**
 * Map a database error to a client error (409/422) or an infrastructure error (500/503 with
 * a numeric code). Returns the input unchanged when it is not a database error.
 */
export function mapDatabaseError(err: unknown): unknown {
  const state = sqlStateOf(err);
  if (!state) return err;
  const e = err as PgLikeError;
  const field = e.column ?? e.constraint ?? undefined;
  const data = { sqlState: state, ...(e.constraint ? { constraint: e.constraint } : {}), ...(e.column ? { field: e.column } : {}) };
  if (state === '23505' || state === '23P01') {
    return new MoleculerClientError('This conflicts with an existing record', 409, 'ALREADY_EXISTS', data);
  }
  if (state.startsWith('23')) {
    const message =
      state === '23502' ? `The '${field ?? 'value'}' field is required` : state === '23503' ? 'A referenced record does not exist' : 'The value is not allowed';
    const fieldError: FieldError = { field: field ?? 'body', message, type: state === '23502' ? 'required' : 'constraint' };
    return new ValidationError(message, 'VALIDATION_ERROR', [fieldError]);
  }
  // 08P01 "invalid message format": the query text held a NUL character (MikroORM inlines
  // parameters into raw SQL), i.e. a value from the client or a provider, not a sick database.
  // As a 503 it counted toward the circuit breaker (a Gmail push with a NUL in the address).
  if (state.startsWith('22') || state === '08P01') {
    const fieldError: FieldError = { field: field ?? 'body', message: 'A value is out of range or malformed', type: 'invalid' };
    return new ValidationError(fieldError.message, 'VALIDATION_ERROR', [fieldError]);
  }
  if (state === '40001' || state === '40P01') {
    return new MoleculerClientError('The record was changed at the same moment: try again', 409, 'CONCURRENT_UPDATE', data);
  }
  // Connection (08), resources (53), operator intervention (57): the database is unwell.
  const infra = state.startsWith('08') || state.startsWith('53') || state.startsWith('57');
  const wrapped = new MoleculerError(infra ? 'The database is not available' : 'Database error', infra ? 503 : 500, 'DATABASE_ERROR', { sqlState: state });
  (wrapped as { cause?: unknown }).cause = err;
  return wrapped;
}
