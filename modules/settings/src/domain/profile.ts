/** The agency profile: defaults, validation the params schema cannot express, and its DTO. */
import { errors, type FieldError } from '@audienceos/module-sdk';
import type { AgencyProfile, BusinessHours, Weekday } from '../entities';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  mon: { open: '09:00', close: '17:30' },
  tue: { open: '09:00', close: '17:30' },
  wed: { open: '09:00', close: '17:30' },
  thu: { open: '09:00', close: '17:30' },
  fri: { open: '09:00', close: '17:30' },
  sat: null,
  sun: null,
};

export const DEFAULT_PROFILE = { timezone: 'UTC', defaultCurrency: 'USD', logoUrl: null, businessHours: DEFAULT_BUSINESS_HOURS, holidays: [] as string[], slaPauseWhileWaiting: true } as const;
/** Most holidays one profile keeps (a few years of public holidays). */
export const MAX_HOLIDAYS = 200;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const hoursRule = {
  type: 'object',
  strict: true,
  nullable: true,
  optional: true,
  props: { open: { type: 'string', pattern: TIME }, close: { type: 'string', pattern: TIME } },
} as const;

export const profileParams = {
  displayName: { type: 'string', min: 2, max: 120, trim: true, optional: true },
  timezone: { type: 'string', min: 1, max: 64, optional: true },
  businessHours: { type: 'object', strict: true, optional: true, props: Object.fromEntries(WEEKDAYS.map((d) => [d, hoursRule])) },
  holidays: { type: 'array', optional: true, max: MAX_HOLIDAYS, items: { type: 'string', pattern: DATE } },
  slaPauseWhileWaiting: { type: 'boolean', optional: true },
  logoUrl: { type: 'url', max: 500, optional: true, nullable: true },
  defaultCurrency: { type: 'string', length: 3, uppercase: true, optional: true },
} as const;

export interface ProfilePatch {
  displayName?: string;
  timezone?: string;
  businessHours?: Partial<BusinessHours>;
  holidays?: string[];
  slaPauseWhileWaiting?: boolean;
  logoUrl?: string | null;
  defaultCurrency?: string;
}

let zones: Set<string> | null = null;
let currencies: Set<string> | null = null;
const supported = (kind: 'timeZone' | 'currency'): string[] => (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(kind);

export function isTimezone(tz: string): boolean {
  zones ??= new Set([...supported('timeZone'), 'UTC']);
  return zones.has(tz);
}

export function isCurrency(code: string): boolean {
  currencies ??= new Set(supported('currency'));
  return currencies.has(code);
}

/** Checks beyond fastest-validator: a real IANA zone, an ISO 4217 currency, opening before closing, https logos. */
export function checkProfile(patch: ProfilePatch): void {
  const problems: FieldError[] = [];
  if (patch.timezone !== undefined && !isTimezone(patch.timezone)) {
    problems.push({ field: 'timezone', message: `'${patch.timezone}' is not a known time zone (e.g. Europe/London)`, type: 'timezone', actual: patch.timezone });
  }
  if (patch.defaultCurrency !== undefined && !isCurrency(patch.defaultCurrency)) {
    problems.push({ field: 'defaultCurrency', message: `'${patch.defaultCurrency}' is not an ISO 4217 currency code`, type: 'currency', actual: patch.defaultCurrency });
  }
  if (patch.logoUrl && !/^https:\/\//i.test(patch.logoUrl)) {
    problems.push({ field: 'logoUrl', message: 'The logo must be served over https', type: 'urlScheme', actual: patch.logoUrl });
  }
  for (const day of WEEKDAYS) {
    const hours = patch.businessHours?.[day];
    if (hours && hours.close <= hours.open) {
      problems.push({ field: `businessHours.${day}.close`, message: 'Closing time must be after opening time', type: 'timeRange', actual: hours.close });
    }
  }
  patch.holidays?.forEach((day, i) => {
    const d = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) {
      problems.push({ field: `holidays[${i}]`, message: `'${day}' is not a calendar date (YYYY-MM-DD)`, type: 'date', actual: day });
    }
  });
  if (problems.length) throw errors.invalid(problems);
}

export function profileDto(row: AgencyProfile | null, agencyName: string | null) {
  return {
    displayName: row?.displayName ?? agencyName ?? '',
    timezone: row?.timezone ?? DEFAULT_PROFILE.timezone,
    businessHours: { ...DEFAULT_BUSINESS_HOURS, ...(row?.businessHours ?? {}) },
    holidays: [...(row?.holidays ?? [])].sort(),
    slaPauseWhileWaiting: row?.slaPauseWhileWaiting ?? DEFAULT_PROFILE.slaPauseWhileWaiting,
    logoUrl: row?.logoUrl ?? null,
    defaultCurrency: row?.defaultCurrency ?? DEFAULT_PROFILE.defaultCurrency,
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}
export type ProfileDto = ReturnType<typeof profileDto>;
