/** A user's own preferences: defaults, params and DTO. */
import type { NotificationChoices, Theme, UserPreference } from '../entities';

export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
export const DEFAULT_NOTIFICATIONS: NotificationChoices = { mentions: true, assignments: true, ticketUpdates: true, clientMessages: true, weeklyDigest: false };

export const preferenceParams = {
  theme: { type: 'enum', values: [...THEMES], optional: true },
  notifications: {
    type: 'object',
    strict: true,
    optional: true,
    props: Object.fromEntries(Object.keys(DEFAULT_NOTIFICATIONS).map((k) => [k, { type: 'boolean', optional: true }])),
  },
  landingModule: { type: 'string', min: 1, max: 60, pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, optional: true, nullable: true },
} as const;

export interface PreferencePatch {
  theme?: Theme;
  notifications?: Partial<NotificationChoices>;
  landingModule?: string | null;
}

export function preferencesDto(row: UserPreference | null) {
  return {
    theme: row?.theme ?? 'system',
    notifications: { ...DEFAULT_NOTIFICATIONS, ...(row?.notifications ?? {}) },
    landingModule: row?.landingModule ?? null,
    updatedAt: row ? row.updatedAt.toISOString() : null,
  };
}
export type PreferencesDto = ReturnType<typeof preferencesDto>;
