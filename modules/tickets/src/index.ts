/**
 * Tickets: support requests per client with a per-agency number, notes, a status flow,
 * time spent, SLA deadlines, durable events for automations and KPIs for the dashboard.
 */
import { defineModule } from '@audienceos/module-sdk';
import { TICKET_EVENTS } from './constants';
import { entities } from './entities';
import { generate } from './generate';
import { kpiDeclarations } from './kpis';
import { migrations } from './migrations';
import { seed } from './seed';
import { ticketSearch } from './actions/search';
import { ticketsService } from './services/tickets.service';

const ticketFields = { ticketId: 'uuid', number: 'number', clientId: 'uuid', priority: 'string', status: 'string', assigneeId: 'uuid' };

export default defineModule({
  name: 'tickets',
  version: '0.1.0',
  schema: 'tickets',
  entities,
  migrations,
  seed,
  seedAfter: ['identity', 'pipeline'],
  generate,
  publishes: Object.values(TICKET_EVENTS),
  manifest: {
    description: 'Support tickets with numbering, notes, status flow, time spent and SLAs',
    ui: {
      remote: 'aos_tickets',
      entry: '/remotes/tickets/remoteEntry.js',
      exposes: ['./config', './App'],
      nav: { label: 'Tickets', icon: 'ticket', path: '/tickets', group: 'operations', order: 30 },
    },
    permissions: [
      { name: 'tickets:read', description: 'See tickets (members: of their clients)' },
      { name: 'tickets:write', description: 'Open, edit, move, resolve tickets, add notes and time' },
      { name: 'tickets:delete', description: 'Delete tickets', roles: ['owner', 'admin'] },
      { name: 'tickets:manage', description: 'Change the SLA targets', roles: ['owner', 'admin'] },
    ],
    kpis: kpiDeclarations,
    search: ticketSearch.declaration,
    triggers: [
      { topic: TICKET_EVENTS.created, label: 'Ticket created', fields: { ...ticketFields, title: 'string', category: 'string' } },
      { topic: TICKET_EVENTS.statusChanged, label: 'Ticket status changed', fields: { ...ticketFields, from: 'string', to: 'string' } },
      { topic: TICKET_EVENTS.assigned, label: 'Ticket assigned', fields: { ...ticketFields, from: 'uuid', to: 'uuid' } },
      {
        topic: TICKET_EVENTS.resolved,
        label: 'Ticket resolved',
        fields: { ...ticketFields, resolutionNotes: 'string', resolvedBy: 'uuid' },
      },
      { topic: TICKET_EVENTS.reopened, label: 'Ticket reopened', fields: { ...ticketFields, reason: 'string' } },
      { topic: TICKET_EVENTS.noteAdded, label: 'Note added to a ticket', fields: { ...ticketFields, title: 'string', noteId: 'uuid', visibility: 'string', excerpt: 'string' } },
      { topic: TICKET_EVENTS.slaAtRisk, label: 'Ticket SLA at risk', fields: { ...ticketFields, title: 'string', clock: 'string', dueAt: 'date' } },
      { topic: TICKET_EVENTS.slaBreached, label: 'Ticket SLA breached', fields: { ...ticketFields, title: 'string', clock: 'string', dueAt: 'date' } },
    ],
    actions: [
      {
        id: 'create-ticket',
        label: 'Create a ticket',
        action: 'tickets.create',
        params: { title: 'string', description: 'string?', clientId: 'uuid', category: 'enum?', priority: 'enum?', assigneeId: 'uuid?' },
      },
      { id: 'assign-ticket', label: 'Assign a ticket', action: 'tickets.update', params: { id: 'uuid', assigneeId: 'uuid?' } },
    ],
  },
  services: [ticketsService],
});

export type { TicketDto } from './dto';
export type { TicketSla, SlaClock, SlaState } from './sla';
