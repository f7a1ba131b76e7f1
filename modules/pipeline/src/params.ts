/**
 * fastest-validator schemas shared by the actions. The SDK makes params strict: anything not
 * listed here (agencyId, id in a body, timestamps, archivedAt…) is refused with 422 before a
 * handler runs, which is what keeps mass assignment out.
 */
import { errors } from '@audienceos/module-sdk';
import { HEALTH_VALUES } from './domain/health';

export const idParam = { id: { type: 'uuid' } } as const;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const optional = { optional: true } as const;
const nullableText = (max: number) => ({ type: 'string', max, trim: true, optional: true, nullable: true }) as const;
const amount = { type: 'number', min: 0, max: 100_000_000_000, optional: true } as const;

/** Fields a client's editor may write (create and update share them). */
export const clientFields = {
  name: { type: 'string', min: 1, max: 120, trim: true },
  company: { type: 'string', max: 120, trim: true, ...optional },
  website: { type: 'url', max: 300, optional: true, nullable: true },
  contactName: nullableText(120),
  contactEmail: { type: 'email', max: 200, optional: true, nullable: true },
  contactPhone: { type: 'string', max: 40, trim: true, pattern: /^[0-9+().\-\s]*$/, optional: true, nullable: true },
  tags: { type: 'array', max: 20, unique: true, items: { type: 'string', min: 1, max: 32, trim: true }, ...optional },
  totalSpend: amount,
  lifetimeValue: amount,
  installDate: { type: 'string', pattern: DATE_PATTERN, optional: true, nullable: true },
  notes: nullableText(10_000),
  ownerId: { type: 'uuid', optional: true, nullable: true },
  collaboratorIds: { type: 'array', max: 20, unique: true, items: { type: 'uuid' }, ...optional },
} as const;

export const clientUpdateFields = { ...clientFields, name: { ...clientFields.name, ...optional } } as const;

export interface ClientFields {
  name: string;
  company?: string;
  website?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  tags?: string[];
  totalSpend?: number;
  lifetimeValue?: number;
  installDate?: string | null;
  notes?: string | null;
  ownerId?: string | null;
  collaboratorIds?: string[];
}

export const stageKeyParam = { type: 'string', min: 1, max: 40, pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/ } as const;
export const healthParam = { type: 'enum', values: [...HEALTH_VALUES] } as const;
export const dateParam = { type: 'string', pattern: DATE_PATTERN, optional: true, nullable: true } as const;

/** The pattern admits 2024-02-31; PostgreSQL would not (500): check the calendar here. */
export function assertCalendarDates(fields: Record<string, string | null | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value == null) continue;
    const parsed = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
      throw errors.invalid({ field, message: `The '${field}' field must be a real calendar date (YYYY-MM-DD)`, type: 'date', actual: value });
    }
  }
}
