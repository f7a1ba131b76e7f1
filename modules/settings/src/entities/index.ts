import { EntitySchema } from '@audienceos/module-sdk';

const uuid = { type: 'uuid' } as const;
const timestamp = { type: 'Date', columnType: 'timestamptz' } as const;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface OpeningHours {
  open: string;
  close: string;
}
/** Per weekday: the opening hours, or null when closed. */
export type BusinessHours = Record<Weekday, OpeningHours | null>;

/** The agency's profile (no row: the defaults). */
export class AgencyProfile {
  agencyId!: string;
  displayName!: string | null;
  timezone!: string;
  businessHours!: BusinessHours;
  /** Whole days the agency is closed (`YYYY-MM-DD` in its zone): SLA clocks do not run. */
  holidays!: string[];
  /** SLA clocks stop while a ticket waits on the client. */
  slaPauseWhileWaiting!: boolean;
  logoUrl!: string | null;
  defaultCurrency!: string;
  updatedBy!: string | null;
  updatedAt: Date = new Date();
}

export const AgencyProfileSchema = new EntitySchema<AgencyProfile>({
  class: AgencyProfile,
  tableName: 'settings.agency_profile',
  properties: {
    agencyId: { ...uuid, primary: true },
    displayName: { type: 'string', nullable: true },
    timezone: { type: 'string' },
    businessHours: { type: 'json', columnType: 'jsonb' },
    holidays: { type: 'json', columnType: 'jsonb' },
    slaPauseWhileWaiting: { type: 'boolean' },
    logoUrl: { type: 'string', nullable: true },
    defaultCurrency: { type: 'string' },
    updatedBy: { ...uuid, nullable: true },
    updatedAt: timestamp,
  },
});

export type Theme = 'system' | 'light' | 'dark';
export interface NotificationChoices {
  mentions: boolean;
  assignments: boolean;
  ticketUpdates: boolean;
  clientMessages: boolean;
  weeklyDigest: boolean;
}

/** One user's preferences (no row: the defaults). */
export class UserPreference {
  agencyId!: string;
  userId!: string;
  theme!: Theme;
  notifications!: NotificationChoices;
  landingModule!: string | null;
  updatedAt: Date = new Date();
}

export const UserPreferenceSchema = new EntitySchema<UserPreference>({
  class: UserPreference,
  tableName: 'settings.user_preference',
  properties: {
    agencyId: { ...uuid, primary: true },
    userId: { ...uuid, primary: true },
    theme: { type: 'string' },
    notifications: { type: 'json', columnType: 'jsonb' },
    landingModule: { type: 'string', nullable: true },
    updatedAt: timestamp,
  },
});

/** A module an agency has switched off (no row: on). */
export class DisabledModule {
  agencyId!: string;
  module!: string;
  disabledBy!: string | null;
  disabledAt: Date = new Date();
}

export const DisabledModuleSchema = new EntitySchema<DisabledModule>({
  class: DisabledModule,
  tableName: 'settings.disabled_module',
  properties: {
    agencyId: { ...uuid, primary: true },
    module: { type: 'string', primary: true },
    disabledBy: { ...uuid, nullable: true },
    disabledAt: timestamp,
  },
});

export const entities = [AgencyProfileSchema, UserPreferenceSchema, DisabledModuleSchema];
