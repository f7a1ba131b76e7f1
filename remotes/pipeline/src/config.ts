/**
 * Loaded by the shell for every user as soon as the module is up (palette, nav): type-only
 * imports keep it tiny. The shell itself offers "Go to Pipeline" (`g p`); these commands link
 * into the screen's URL state, so they work from anywhere without the shell knowing this remote.
 */
import type { RemoteConfig } from '@audienceos/remote-sdk';

const config: RemoteConfig = {
  id: 'pipeline',
  nav: { label: 'Pipeline', icon: 'kanban', path: '/pipeline', group: 'operations', order: 20 },
  permissions: ['clients:read', 'clients:write', 'clients:create', 'clients:assign', 'clients:delete'],
  commands: [
    { id: 'new-client', label: 'New client', keywords: ['add', 'create', 'client', 'account'], permission: 'clients:create', href: '/pipeline?new=1' },
    { id: 'board', label: 'Pipeline board', keywords: ['kanban', 'stages', 'clients'], href: '/pipeline' },
    { id: 'table', label: 'All clients (table)', keywords: ['list', 'clients', 'accounts'], href: '/pipeline?view=table' },
    { id: 'at-risk', label: 'At-risk clients', keywords: ['red', 'health', 'stuck'], href: '/pipeline?view=table&health=red' },
  ],
};

export default config;
