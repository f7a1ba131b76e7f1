/**
 * The one way to match user-typed text (issue 8 §3, issue 9 §5): literally (`%`, `_` and `\`
 * are characters, never wildcards) and case- and accent-insensitively ("ångström" finds
 * "Ångström Café", "cafe" finds it, "ÉLAN" finds "élan"), in any language.
 *
 * Both sides go through the SQL function `audienceos.fold_text(text)`: `unaccent` (strips
 * diacritics with PostgreSQL's contrib rules) then `lower()` under ICU's root collation
 * (`und-x-icu`) when the server has ICU, so folding does not depend on the database's
 * locale: an embedded cluster initialised with `--locale=C` folds "Ω" as well as "A". The
 * function is created by the SDK's platform migration (`0000_platform_text`) for every
 * module, so existing databases get it on their next start.
 */
import { raw } from '@mikro-orm/postgresql';

/** Qualified name of the folding function (created by `textSearchMigration`). */
export const FOLD_FUNCTION = 'audienceos.fold_text';

export type TextMatchMode = 'contains' | 'prefix' | 'exact';

/** `text` with LIKE's metacharacters escaped (escape character `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The LIKE pattern for `text` (literal) in the given mode. */
export function likePattern(text: string, mode: TextMatchMode = 'contains'): string {
  const literal = escapeLike(text);
  if (mode === 'exact') return literal;
  return mode === 'prefix' ? `${literal}%` : `%${literal}%`;
}

/**
 * SQL for "`columnSql` matches the pattern in `?`", folded on both sides. Bind
 * `likePattern(text, mode)` to the placeholder. For raw queries (`ctx.db.sql`).
 */
export function textMatchSql(columnSql: string): string {
  return `${FOLD_FUNCTION}(${columnSql}) like ${FOLD_FUNCTION}(?) escape '\\'`;
}

/** The column of an entity property under MikroORM's default naming (`contactEmail` → `contact_email`). */
function columnOf(property: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(property)) throw new Error(`textMatch: '${property}' is not a property name`);
  return property.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * A MikroORM condition: any of `properties` (text columns of the queried entity, named as
 * in the entity, e.g. `contactEmail`) contains `text` (or starts with it / equals it, by
 * `mode`), literally, ignoring case and accents. Put it in a `$and`/`$or` like any other
 * condition. Empty `text` matches everything.
 */
export function textMatch(properties: string[], text: string, mode: TextMatchMode = 'contains'): Record<string, unknown> {
  if (!text) return {};
  const pattern = likePattern(text, mode);
  const clauses = properties.map((property) => {
    const column = columnOf(property);
    return { [raw((alias: string) => `(${textMatchSql(`${alias}."${column}"`)})`, [pattern])]: true };
  });
  return clauses.length === 1 ? clauses[0]! : { $or: clauses };
}

/**
 * The platform migration that makes `fold_text` available (idempotent: every module runs
 * it; the migration runner serialises them under its advisory lock). `unaccent` is a
 * trusted extension, so a database owner without superuser rights may create it.
 */
export const textSearchMigration = {
  id: '0000_platform_text',
  up: `
    create schema if not exists audienceos;
    create extension if not exists unaccent;
    do $fold$
    declare
      ext_schema text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent');
      icu boolean := exists (select 1 from pg_collation where collname = 'und-x-icu');
    begin
      -- The two-argument unaccent with an explicit dictionary is what makes IMMUTABLE honest
      -- (usable in expression indexes); the one-argument form depends on search_path.
      execute format(
        'create or replace function audienceos.fold_text(value text) returns text
           language sql immutable parallel safe strict
           as $f$ select lower(%I.unaccent(%L::regdictionary, value)%s) $f$',
        ext_schema, ext_schema || '.unaccent', case when icu then ' collate "und-x-icu"' else '' end);
    end
    $fold$;`,
};
