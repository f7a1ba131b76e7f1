/**
 * Loaded by the shell for every user who sees the module (owners, admins, managers): the nav
 * entry with the count of steps waiting for approval, and palette commands (links into the
 * screen's URL state). Kept tiny.
 */
import { api, defineRemoteConfig } from '@audienceos/remote-sdk';

export default defineRemoteConfig({
  id: 'automations',
  nav: { label: 'Automations', icon: 'workflow', path: '/automations', group: 'configure', order: 80 },
  permissions: ['automations:read', 'automations:write'],
  commands: [
    {
      id: 'automations.new',
      label: 'New automation',
      keywords: ['workflow', 'automate', 'rule', 'create'],
      permission: 'automations:write',
      href: '/automations?edit=new',
    },
    {
      id: 'automations.templates',
      label: 'Automation templates',
      keywords: ['workflow', 'template', 'recipe'],
      permission: 'automations:read',
      href: '/automations?tab=templates',
    },
    {
      id: 'automations.runs',
      label: 'Automation run history',
      keywords: ['workflow', 'runs', 'log', 'failed'],
      permission: 'automations:read',
      href: '/automations?tab=runs',
    },
    {
      id: 'automations.failed',
      label: 'Failed automation runs',
      keywords: ['workflow', 'runs', 'errors'],
      permission: 'automations:read',
      href: '/automations?tab=runs&status=failed',
    },
    {
      id: 'automations.approvals',
      label: 'Automation approvals',
      keywords: ['workflow', 'approve', 'reject', 'waiting'],
      permission: 'automations:read',
      href: '/automations?tab=approvals',
    },
  ],
  navBadge: {
    intervalMs: 60_000,
    fetch: async (signal) => {
      const { items } = await api.get<{ items: unknown[] }>('/automations/approvals', { signal });
      return items.length || null;
    },
  },
});
