/**
 * Loaded by the shell for every user as soon as the module is up (palette, nav, widgets):
 * keep it tiny. Commands are links into the screen's URL state (routes.ts), so they work from
 * anywhere without the shell knowing this remote's components.
 */
import { api, type RemoteConfig } from '@audienceos/remote-sdk';

const config: RemoteConfig = {
  id: 'tickets',
  nav: { label: 'Tickets', icon: 'ticket', path: '/tickets', group: 'operations', order: 30 },
  permissions: ['tickets:read', 'tickets:write', 'tickets:delete', 'tickets:manage'],
  commands: [
    {
      id: 'tickets.new',
      label: 'New ticket',
      keywords: ['create', 'support', 'issue', 'request'],
      permission: 'tickets:write',
      href: '/tickets?new=1',
    },
    {
      id: 'tickets.mine',
      label: 'My open tickets',
      keywords: ['assigned', 'me', 'queue'],
      permission: 'tickets:read',
      href: '/tickets?assignee=me&status=open',
    },
    {
      id: 'tickets.unassigned',
      label: 'Unassigned tickets',
      keywords: ['triage', 'queue'],
      permission: 'tickets:read',
      href: '/tickets?assignee=unassigned&status=open',
    },
    {
      id: 'tickets.breached',
      label: 'Tickets breaching SLA',
      keywords: ['sla', 'late', 'overdue', 'breach'],
      permission: 'tickets:read',
      href: '/tickets?sla=breached&status=open',
    },
    {
      id: 'tickets.at-risk',
      label: 'Tickets at risk of breaching SLA',
      keywords: ['sla', 'risk', 'soon'],
      permission: 'tickets:read',
      href: '/tickets?sla=at_risk',
    },
    {
      id: 'tickets.board',
      label: 'Ticket board',
      keywords: ['kanban', 'status', 'columns'],
      permission: 'tickets:read',
      href: '/tickets?view=board&status=open',
    },
  ],
  widgets: [
    {
      slot: 'client.tabs',
      id: 'tickets',
      label: 'Tickets',
      order: 30,
      permission: 'tickets:read',
      load: () => import(/* webpackChunkName: "client-tickets" */ './widgets/ClientTickets'),
    },
  ],
  // The nav badge: my open tickets (one cheap request: counts only).
  navBadge: {
    intervalMs: 60_000,
    fetch: async (signal) => {
      const board = await api.get<{ columns: { count: number }[] }>('/tickets/board', {
        query: { assignee: 'me', status: 'open', perStatus: 1 },
        signal,
      });
      const count = board.columns.reduce((sum, c) => sum + c.count, 0);
      return count || null;
    },
  },
};

export default config;
