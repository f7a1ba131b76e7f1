/**
 * The pure parts of concurrent-edit safety: If-Match parsing, content versions and array
 * operations (the API behaviour is in tests/api/versions.test.ts).
 */
import fc from 'fast-check';
import { applyArrayChange, addedItems, contentVersion, etagOf, parseIfMatch } from '@audienceos/module-sdk';

it('parses If-Match: strong, weak, bare, lists and *', () => {
  expect(parseIfMatch('"7"')).toEqual({ any: false, versions: ['7'] });
  expect(parseIfMatch('W/"7"')).toEqual({ any: false, versions: ['7'] });
  expect(parseIfMatch('7')).toEqual({ any: false, versions: ['7'] });
  expect(parseIfMatch('"3", W/"4"')).toEqual({ any: false, versions: ['3', '4'] });
  expect(parseIfMatch('*')).toEqual({ any: true, versions: [] });
  expect(parseIfMatch('')).toBeNull();
  expect(parseIfMatch(undefined)).toBeNull();
  expect(parseIfMatch(etagOf(12))).toEqual({ any: false, versions: ['12'] });
});

it('content versions change with the content and only with it', () => {
  expect(contentVersion([['a', 'A']])).toBe(contentVersion([['a', 'A']]));
  expect(contentVersion([['a', 'A']])).not.toBe(contentVersion([['a', 'B']]));
  expect(contentVersion({ x: 1 })).toMatch(/^[0-9a-f]{16}$/);
});

it('array operations: remove then add, keep order, no duplicates; a list replaces', () => {
  expect(applyArrayChange(['vip', 'seo'], { add: ['ppc', 'seo'], remove: ['vip'] }, 'tags')).toEqual(['seo', 'ppc']);
  expect(applyArrayChange(['vip'], ['a', 'b'], 'tags')).toEqual(['a', 'b']);
  expect(applyArrayChange(['vip'], undefined, 'tags')).toEqual(['vip']);
  expect(() => applyArrayChange(['a'], { add: ['b', 'c'] }, 'tags', 2)).toThrow(/at most 2/);
  expect(addedItems(['a'], { add: ['a', 'b'] })).toEqual(['b']);
});

it('two adds applied one after the other keep both, whatever the order (property)', () => {
  const items = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 4 });
  fc.assert(
    fc.property(items, items, items, (start, mine, theirs) => {
      const one = applyArrayChange(applyArrayChange(start, { add: mine }, 't'), { add: theirs }, 't');
      const other = applyArrayChange(applyArrayChange(start, { add: theirs }, 't'), { add: mine }, 't');
      for (const item of [...start, ...mine, ...theirs]) {
        expect(one).toContain(item);
        expect(other).toContain(item);
      }
      expect(new Set(one).size).toBe(one.length);
    }),
    { seed: 5 },
  );
});
