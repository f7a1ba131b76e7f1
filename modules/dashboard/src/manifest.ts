/** What the platform learns about the dashboard: its permissions and its screen. It offers no KPIs itself. */
import type { ModuleDefinitionInput, PermissionDeclaration } from '@audienceos/module-sdk';

export const permissions: PermissionDeclaration[] = [
  { name: 'dashboard:read', description: 'See the dashboard (each card also needs the permission of the module behind it)' },
  { name: 'dashboard:write', description: 'Arrange one’s own dashboard (order and hidden cards)' },
];

export const manifest: ModuleDefinitionInput['manifest'] = {
  description: 'KPI cards with the previous period and trends, from every module that offers KPIs',
  permissions,
  ui: {
    remote: 'aos_dashboard',
    entry: '/remotes/dashboard/remoteEntry.js',
    exposes: ['./config', './App'],
    nav: { label: 'Dashboard', icon: 'layout-dashboard', path: '/dashboard', group: 'operations', order: 10 },
  },
};
