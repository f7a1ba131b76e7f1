/**
 * Loaded by the shell for every user as soon as the module is up: type-only imports keep it
 * tiny. The commands link into the screen's URL state (`period`, `customise`).
 */
import type { RemoteConfig } from '@audienceos/remote-sdk';

const config: RemoteConfig = {
  id: 'dashboard',
  nav: { label: 'Dashboard', icon: 'layout-dashboard', path: '/dashboard', group: 'operations', order: 10 },
  permissions: ['dashboard:read', 'dashboard:write'],
  commands: [
    { id: 'last-7-days', label: 'Dashboard: last 7 days', keywords: ['kpi', 'week', 'figures'], href: '/dashboard?period=7d' },
    { id: 'last-30-days', label: 'Dashboard: last 30 days', keywords: ['kpi', 'month', 'figures'], href: '/dashboard?period=30d' },
    { id: 'last-90-days', label: 'Dashboard: last 90 days', keywords: ['kpi', 'quarter', 'figures'], href: '/dashboard?period=90d' },
    { id: 'customise', label: 'Customise the dashboard', keywords: ['layout', 'hide', 'reorder', 'cards'], permission: 'dashboard:write', href: '/dashboard?customise=1' },
  ],
};

export default config;
