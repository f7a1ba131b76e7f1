/** fastest-validator rules shared by the actions (strict: unknown fields are refused with 422). */
import { errors } from '@audienceos/module-sdk';
import { LABEL_PATTERN, MAX_LABELS, SOURCE_PATTERN, STATUSES } from './constants';

export const idParam = { id: { type: 'uuid' } } as const;
export const textRule = { type: 'string', min: 1, max: 20_000, trim: true, empty: false } as const;
export const labelRule = { type: 'string', min: 1, max: 40, trim: true, pattern: LABEL_PATTERN } as const;
export const labelsRule = { type: 'array', items: labelRule, max: MAX_LABELS, optional: true } as const;
export const sourceRule = { type: 'string', pattern: SOURCE_PATTERN } as const;

/** ISO instants travel as strings and are parsed in the handler (`toDate`). */
export const dateRule = {
  type: 'string',
  max: 40,
  pattern: /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
} as const;

export function toDate(field: string, value: string): Date;
export function toDate(field: string, value: string | null | undefined): Date | null | undefined;
export function toDate(field: string, value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1900 || year > 9999)
    throw errors.invalid({ field, message: `${field} is not a valid date`, type: 'date', actual: value });
  return date;
}

/** `a,b,c` lists in query strings (the UI's chips in the URL). */
export function listRule(values: readonly string[]) {
  return { type: 'string', optional: true, max: 200, pattern: new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`) } as const;
}
export const statusListRule = listRule(STATUSES);
export const splitList = (value: string | undefined): string[] | undefined => (value ? [...new Set(value.split(','))] : undefined);
