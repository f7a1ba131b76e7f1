/**
 * Loaded by the shell for every user as soon as the module is up (palette, nav): kept tiny.
 * Commands are links into the screen's URL state, so they work from anywhere.
 */
import { defineRemoteConfig } from '@audienceos/remote-sdk';

export default defineRemoteConfig({
  id: 'knowledge-base',
  nav: { label: 'Knowledge base', icon: 'book-open', path: '/knowledge-base', group: 'resources', order: 40 },
  permissions: ['documents:read', 'documents:write', 'documents:delete', 'documents:manage'],
  commands: [
    { id: 'knowledge-base.search', label: 'Search the knowledge base', keywords: ['docs', 'runbook', 'guide', 'find'], permission: 'documents:read', href: '/knowledge-base' },
    { id: 'knowledge-base.install', label: 'Installation guides', keywords: ['install', 'setup', 'capi', 'gtm'], permission: 'documents:read', href: '/knowledge-base?category=installation' },
  ],
  widgets: [
    {
      slot: 'ticket.panels',
      id: 'documents',
      label: 'Documents',
      order: 40,
      permission: 'documents:read',
      load: () => import(/* webpackChunkName: "ticket-documents" */ './widgets/TicketDocuments'),
    },
  ],
});
