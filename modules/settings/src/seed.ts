/** Demo data: both agencies' profiles and a few preferences. */
import type { SeedContext } from '@audienceos/module-sdk';
import { DEFAULT_NOTIFICATIONS } from './domain/preferences';
import { DEFAULT_BUSINESS_HOURS } from './domain/profile';
import { AgencyProfileSchema, UserPreferenceSchema } from './entities';

export async function seed({ em, demo, log }: SeedContext): Promise<void> {
  const { chase, northwind } = demo;
  em.create(AgencyProfileSchema, {
    agencyId: chase.id,
    displayName: chase.name,
    timezone: 'America/New_York',
    businessHours: DEFAULT_BUSINESS_HOURS,
    holidays: ['2026-12-25', '2027-01-01'],
    slaPauseWhileWaiting: true,
    logoUrl: null,
    defaultCurrency: 'USD',
    updatedBy: demo.user(chase.slug, 'luke').id,
    updatedAt: new Date(),
  });
  em.create(AgencyProfileSchema, {
    agencyId: northwind.id,
    displayName: northwind.name,
    timezone: 'Europe/London',
    businessHours: { ...DEFAULT_BUSINESS_HOURS, fri: { open: '09:00', close: '16:00' } },
    holidays: [],
    slaPauseWhileWaiting: true,
    logoUrl: null,
    defaultCurrency: 'GBP',
    updatedBy: demo.user(northwind.slug, 'nina').id,
    updatedAt: new Date(),
  });
  em.create(UserPreferenceSchema, {
    agencyId: chase.id,
    userId: demo.user(chase.slug, 'garrett').id,
    theme: 'system',
    notifications: { ...DEFAULT_NOTIFICATIONS, weeklyDigest: true },
    landingModule: null,
    updatedAt: new Date(),
  });
  await em.flush();
  log('settings: 2 agency profiles');
}
