/**
 * Search: global search (⌘K) across every module. It knows no module by name: every live
 * service whose manifest declares `search` (`{ action, label, types }`) is asked, with the
 * caller's own identity, so each module applies its own permissions. See
 * docs/writing-a-module.md ("Global search") for the contract a module implements.
 */
import { defineModule } from '@audienceos/module-sdk';
import { searchService } from './services/search.service';

export default defineModule({
  name: 'search',
  version: '0.1.0',
  schema: 'search',
  entities: [],
  migrations: [],
  manifest: {
    description: 'Global search (⌘K): one query across every module that offers search, each applying its own permissions',
    permissions: [{ name: 'search:read', description: 'Search across modules (each module still shows only what the person may see)' }],
  },
  services: [searchService],
});

export type { SearchGroup, SearchResponse, SkippedModule } from './services/search.service';
