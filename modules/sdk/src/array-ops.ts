/**
 * Array fields (tags, collaborators…) take either the whole new list or operations:
 * `{ tags: ['a', 'b'] }` replaces, `{ tags: { add: ['c'], remove: ['a'] } }` changes only
 * those items. Applied to the row as stored (read under its row lock inside the write's
 * transaction), two people adding different tags at the same moment both keep theirs —
 * a full replace from a stale screen would drop the other's (issue 9 §8).
 */
import { errors } from './errors';

export interface ArrayOps<T> {
  add?: T[];
  remove?: T[];
}

export type ArrayChange<T> = T[] | ArrayOps<T>;

/**
 * fastest-validator rule for an array field that also takes `{ add, remove }`.
 * `items` is the rule of one item; `max` bounds the list and each operation.
 */
export function arrayOpsParam(items: Record<string, unknown>, max: number, extra: Record<string, unknown> = {}) {
  const list = { type: 'array', max, unique: true, items, ...extra };
  const ops = { type: 'object', strict: true, props: { add: { ...list, optional: true }, remove: { ...list, optional: true } } };
  return { type: 'multi', rules: [list, ops], optional: true } as const;
}

/**
 * The list after `change`: a full list replaces `current`; operations remove first, then add
 * items not already there (in the order given), keeping `current`'s order. Raises 422 on
 * `field` when the result would exceed `max` items. Undefined `change` → `current`.
 */
export function applyArrayChange<T>(current: readonly T[], change: ArrayChange<T> | undefined, field: string, max = Infinity): T[] {
  if (change === undefined) return [...current];
  let next: T[];
  if (Array.isArray(change)) next = [...change];
  else {
    const removed = new Set(change.remove ?? []);
    next = current.filter((item) => !removed.has(item));
    for (const item of change.add ?? []) if (!next.includes(item)) next.push(item);
  }
  if (next.length > max) throw errors.invalid({ field, message: `The '${field}' field holds at most ${max} items`, type: 'arrayMax', actual: next.length });
  return next;
}

/** The items a change would add (new ones only), e.g. to check that new collaborators exist. */
export function addedItems<T>(current: readonly T[], change: ArrayChange<T> | undefined): T[] {
  if (change === undefined) return [];
  const list = Array.isArray(change) ? change : (change.add ?? []);
  return list.filter((item) => !current.includes(item));
}
