/** fastest-validator rules shared by the actions (strict: unknown fields are refused with 422). */
import { arrayOpsParam } from '@audienceos/module-sdk';
import { FILE_TYPES } from './constants';

export const idParam = { id: { type: 'uuid' } } as const;
export const titleRule = { type: 'string', min: 1, max: 200, trim: true, empty: false } as const;
export const descriptionRule = { type: 'string', max: 2000, trim: true, optional: true } as const;
export const categoryRule = { type: 'string', min: 1, max: 40, trim: true, pattern: /^[a-z0-9][a-z0-9-]*$/, optional: true } as const;
/** Tags of a new document: a list. */
export const tagArrayRule = { type: 'array', items: { type: 'string', min: 1, max: 40, trim: true }, max: 20, optional: true } as const;
/** Tags on an edit: the whole list, or `{ add, remove }` operations applied to the list as stored (concurrent adds keep both). */
export const tagsRule = arrayOpsParam({ type: 'string', min: 1, max: 40, trim: true }, 20);
export const MAX_TAGS = 20;
/** Comma-separated tags in a query string (upload routes carry their fields in the URL). */
export const tagListRule = { type: 'string', max: 900, optional: true, pattern: /^[^,]{1,40}(,[^,]{1,40}){0,19}$/ } as const;
export const markdownRule = { type: 'string', max: 1_000_000 } as const;
export const typeListRule = { type: 'string', optional: true, max: 100, pattern: new RegExp(`^(${FILE_TYPES.join('|')})(,(${FILE_TYPES.join('|')}))*$`) } as const;

export const splitList = (value: string | undefined): string[] | undefined =>
  value ? [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))] : undefined;
