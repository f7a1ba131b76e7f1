/**
 * The SDK's text matcher against a real PostgreSQL (the run's migrated template, which has
 * `audienceos.fold_text`): literal wildcards, case and accents folded in every script.
 */
import fc from 'fast-check';
import pg from 'pg';
import { escapeLike, likePattern, textMatchSql, textSearchMigration } from '../src/text-search';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';

let database: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  database = await freshDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // Idempotent: running the platform migration again changes nothing.
  await client.query(textSearchMigration.up);
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

async function matches(value: string, text: string, mode: 'contains' | 'prefix' | 'exact' = 'contains'): Promise<boolean> {
  const sql = `select ${textMatchSql('$1::text').replace('?', '$2')} as hit`;
  return (await client.query(sql, [value, likePattern(text, mode)])).rows[0].hit as boolean;
}

it('escapes exactly the LIKE metacharacters', () => {
  expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  expect(likePattern('x', 'prefix')).toBe('x%');
  expect(likePattern('x', 'exact')).toBe('x');
});

it.each([
  ['Ångström Café', 'ångström', true],
  ['Ångström Café', 'cafe', true],
  ['élan', 'ÉLAN', true],
  ['Ωμέγα Σύμβουλοι', 'ΩΜΕΓΑ', true],
  ['Москва Маркетинг', 'москва', true],
  ['Straße', 'STRASSE', true], // unaccent spells ß as ss
  ['50% off', '5_%', false],
  ['50% off', '0% o', true],
])('%s ~ %s → %s', async (value, text, hit) => {
  expect(await matches(value, text)).toBe(hit);
});

it('any text matches itself and any text containing it, literally (property)', async () => {
  const piece = fc.string({ unit: fc.constantFrom('a', 'B', 'é', 'Å', '%', '_', '\\', ' ', 'ß', 'Ω'), maxLength: 8 });
  await fc.assert(
    fc.asyncProperty(piece, piece, piece, async (before, text, after) => {
      expect(await matches(text, text, 'exact')).toBe(true);
      expect(await matches(before + text + after, text)).toBe(true);
      expect(await matches(text + after, text, 'prefix')).toBe(true);
    }),
    { seed: 9, numRuns: 150 },
  );
});

it('a wildcard in the text never stands for another character (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 6 }), fc.constantFrom('%', '_'), async (plain, wildcard) => {
      // "a_c" must not find "abc"; "a%" must not find "abc".
      const text = plain.slice(0, 1) + wildcard + plain.slice(1);
      expect(await matches(plain + 'x', text)).toBe(false);
    }),
    { seed: 11, numRuns: 100 },
  );
});
