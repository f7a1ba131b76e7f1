/**
 * Settings: the agency's profile, each user's own preferences and the modules the agency has
 * switched on (the gateway asks `settings.enabledModules` to filter its module list).
 */
import { defineModule } from '@audienceos/module-sdk';
import { entities } from './entities';
import { manifest } from './manifest';
import { migrations } from './migrations';
import { seed } from './seed';
import { settingsService } from './services/settings.service';

export default defineModule({
  name: 'settings',
  version: '0.1.0',
  schema: 'settings',
  entities,
  migrations,
  seed,
  seedAfter: ['identity'],
  manifest,
  services: [settingsService],
});

export type { ProfileDto } from './domain/profile';
export type { PreferencesDto } from './domain/preferences';
export type { ModuleSettingDto } from './domain/modules';
