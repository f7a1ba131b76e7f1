/** fastest-validator rules shared by the actions (strict: unknown fields are refused with 422). */
import { errors } from '@audienceos/module-sdk';
import { CATEGORIES, NOTE_VISIBILITIES, PRIORITIES, STATUSES } from './constants';

export const idParam = { id: { type: 'uuid' } } as const;
export const titleRule = { type: 'string', min: 1, max: 200, trim: true, empty: false } as const;
export const descriptionRule = { type: 'string', max: 20_000, optional: true } as const;
export const categoryRule = { type: 'enum', values: [...CATEGORIES] } as const;
export const priorityRule = { type: 'enum', values: [...PRIORITIES] } as const;
export const statusRule = { type: 'enum', values: [...STATUSES] } as const;
export const visibilityRule = { type: 'enum', values: [...NOTE_VISIBILITIES], optional: true } as const;
export const notesRule = { type: 'string', max: 20_000, trim: true } as const;
/**
 * Dates travel as ISO strings and are parsed in the handler (`toDate`): converting in the
 * validator would hand the idempotency hash a Date, which it serialises as `{}`.
 */
export const dateRule = {
  type: 'string',
  max: 40,
  pattern: /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
} as const;

export function toDate(field: string, value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw errors.invalid({ field, message: `${field} is not a valid date`, type: 'date', actual: value });
  return date;
}

/** `a,b,c` lists of enum values in query strings (chips in the UI's URL). */
export function enumListRule(values: readonly string[]) {
  return { type: 'string', optional: true, max: 200, pattern: new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`) } as const;
}

export const splitList = (value: string | undefined): string[] | undefined => (value ? [...new Set(value.split(','))] : undefined);
