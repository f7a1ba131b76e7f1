/**
 * Checks an action's params get BEFORE fastest-validator converts them (issue 8 §5): a value
 * the database or a JSON column would refuse becomes a 422 with field details here, instead
 * of a 500 later. Iterative (no recursion on client-controlled depth).
 *
 * - any string (and any object key) with a NUL character or a lone UTF-16 surrogate:
 *   PostgreSQL text and jsonb cannot store them;
 * - nesting deeper than MAX_JSON_DEPTH;
 * - `null` for a rule that is `optional` but not `nullable` (fastest-validator lets null
 *   through as "absent", and the handler then writes NULL into a NOT NULL column);
 * - a `date` rule given something other than a real calendar date/instant in 1900–9999
 *   (`new Date('2026-02-30')` silently rolls over to 2 March).
 */
import type { FieldError } from './errors';
import { MAX_JSON_DEPTH, MAX_YEAR, MIN_YEAR } from './limits';

type Rule = Record<string, unknown>;

/** True for strings PostgreSQL can store: no NUL, no unpaired surrogate. */
export function isStorableString(value: string): boolean {
  return !value.includes('\u0000') && (value as string & { isWellFormed(): boolean }).isWellFormed();
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * A strict ISO 8601 / RFC 3339 date or date-time (`2026-02-28`, `2026-02-28T10:00:00Z`,
 * `…+02:00`), a Date, or epoch milliseconds; the year within 1900–9999 and the day real in
 * its month. Returns the reason when the value is not acceptable, null when it is.
 */
export function dateProblem(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'not a valid date' : yearProblem(value.getUTCFullYear());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'not a valid date';
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? 'not a valid date' : yearProblem(d.getUTCFullYear());
  }
  if (typeof value !== 'string') return 'must be an ISO 8601 date';
  const m = ISO.exec(value);
  if (!m) return 'must be an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ)';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const years = yearProblem(year);
  if (years) return years;
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (day < 1 || day > daysInMonth) return `is not a real calendar date (${value.slice(0, 10)})`;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return 'is not a real time of day';
  return null;
}

function yearProblem(year: number): string | null {
  return year < MIN_YEAR || year > MAX_YEAR ? `must be between ${MIN_YEAR} and ${MAX_YEAR}` : null;
}

function normalise(rule: unknown): Rule | null {
  if (typeof rule === 'string') {
    const [type, ...flags] = rule.split('|');
    const out: Rule = { type };
    for (const f of flags) out[f.trim()] = true;
    return out;
  }
  return rule && typeof rule === 'object' && !Array.isArray(rule) ? (rule as Rule) : null;
}

/** Plain JSON containers only: never walk into a Date, a Buffer or an IncomingMessage. */
function isPlain(value: unknown): value is object {
  if (!value || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Generic checks over the whole value: storable strings and keys, bounded depth. */
function scanValue(root: unknown, out: FieldError[]): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length && out.length < 20) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableString(value)) out.push({ field: path || 'body', message: `The '${path || 'body'}' field contains a NUL character or an invalid Unicode sequence`, type: 'stringInvalid' });
      continue;
    }
    if (!isPlain(value)) continue;
    if (depth >= MAX_JSON_DEPTH) {
      out.push({ field: path || 'body', message: `Nesting deeper than ${MAX_JSON_DEPTH} levels is not accepted`, type: 'tooDeep' });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: join(path, i), depth: depth + 1 }));
      continue;
    }
    for (const [key, v] of Object.entries(value)) {
      // `$req`/`$res` (moleculer-web's passReqResToParams) and `$`-meta are not client data.
      if (depth === 0 && key.startsWith('$')) continue;
      if (!isStorableString(key)) {
        out.push({ field: path || 'body', message: 'A field name contains a NUL character or an invalid Unicode sequence', type: 'stringInvalid' });
        continue;
      }
      stack.push({ value: v, path: join(path, key), depth: depth + 1 });
    }
  }
}

/** Schema-driven checks: null for optional non-nullable rules, strict dates. */
function scanRules(params: Record<string, unknown>, props: Record<string, unknown>, path: string, out: FieldError[]): void {
  for (const [key, rawRule] of Object.entries(props)) {
    if (key.startsWith('$$')) continue;
    const rule = normalise(rawRule);
    if (!rule || !(key in params)) continue;
    const field = join(path, key);
    const value = params[key];
    if (value === null) {
      if (rule.optional && !rule.nullable && rule.default === undefined && rule.type !== 'any') {
        out.push({ field, message: `The '${field}' field cannot be null: leave it out instead`, type: 'notNull' });
      }
      continue;
    }
    if (value === undefined) continue;
    checkRule(rule, value, field, out);
  }
}

/**
 * A string rule whose pattern admits an ISO date (`/^\d{4}-\d{2}-\d{2}…$/`, the way modules
 * declare dates they parse themselves) gets the same calendar check as a `date` rule: the
 * pattern admits 2026-02-30 and 0001-01-01, `new Date()` rolls the first over silently.
 */
const dateStringRules = new WeakMap<Rule, boolean>();

function isDateString(rule: Rule): boolean {
  let known = dateStringRules.get(rule);
  if (known === undefined) dateStringRules.set(rule, (known = admitsOnlyDates(rule)));
  return known;
}

function admitsOnlyDates(rule: Rule): boolean {
  const pattern = rule.pattern;
  if (rule.type !== 'string' || !(pattern instanceof RegExp) || pattern.global || pattern.sticky) return false;
  const admitsDate = pattern.test('2000-01-01') || pattern.test('2000-01-01T00:00:00Z');
  // …and only dates: a slug or phone pattern admits '2000-01-01' too, but also these.
  return admitsDate && !['abcd-ef-gh', 'x', '12345', '2000-01-011', '2000-01-0', '+1 415 555 0199'].some((v) => pattern.test(v));
}

function checkRule(rule: Rule, value: unknown, field: string, out: FieldError[]): void {
  if (rule.type === 'date' || (isDateString(rule) && typeof value === 'string' && value !== '')) {
    const problem = dateProblem(value);
    if (problem) out.push({ field, message: `The '${field}' field ${problem}`, type: 'date' });
    return;
  }
  if (rule.type === 'object' && rule.props && value && typeof value === 'object' && !Array.isArray(value)) {
    scanRules(value as Record<string, unknown>, rule.props as Record<string, unknown>, field, out);
    return;
  }
  if (rule.type === 'array' && Array.isArray(value)) {
    const items = normalise(rule.items);
    if (!items) return;
    value.forEach((v, i) => {
      if (v === null && !items.nullable && items.type !== 'any') out.push({ field: join(field, i), message: `The '${join(field, i)}' item cannot be null`, type: 'notNull' });
      else if (v !== null && v !== undefined) checkRule(items, v, join(field, i), out);
    });
  }
}

/**
 * Field errors for `params` under a fastest-validator `schema` (may be undefined for an
 * action without declared params). Empty when the input may go on to validation.
 */
export function guardInput(params: unknown, schema?: Record<string, unknown> | null): FieldError[] {
  const out = unsafeValues(params);
  if (out.length) return out;
  return schemaProblems(params, schema);
}

/** Strings PostgreSQL cannot store, nesting too deep: the value must not go further at all. */
export function unsafeValues(params: unknown): FieldError[] {
  const out: FieldError[] = [];
  scanValue(params, out);
  return out;
}

/** Null for optional non-nullable rules, impossible dates: reported next to the validator's own errors. */
export function schemaProblems(params: unknown, schema?: Record<string, unknown> | null): FieldError[] {
  const out: FieldError[] = [];
  if (schema && params && typeof params === 'object' && !Array.isArray(params)) {
    scanRules(params as Record<string, unknown>, schema, '', out);
  }
  return out;
}
