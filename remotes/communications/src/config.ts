/**
 * Loaded by the shell for every user as soon as the module is up: the nav entry with the
 * needs-reply count, palette commands (links into the screen's URL state) and the client
 * drawer's "Messages" tab. Kept tiny.
 */
import { api, type RemoteConfig } from '@audienceos/remote-sdk';

const config: RemoteConfig = {
  id: 'communications',
  nav: { label: 'Inbox', icon: 'inbox', path: '/communications', group: 'operations', order: 25 },
  permissions: ['communications:read', 'communications:write'],
  commands: [
    {
      id: 'inbox.needs-reply',
      label: 'Messages needing a reply',
      keywords: ['inbox', 'reply', 'waiting'],
      permission: 'communications:read',
      href: '/communications?needsReply=true',
    },
    {
      id: 'inbox.mine',
      label: 'My conversations',
      keywords: ['inbox', 'assigned', 'me'],
      permission: 'communications:read',
      href: '/communications?assignee=me',
    },
    {
      id: 'inbox.unlinked',
      label: 'Unlinked messages',
      keywords: ['inbox', 'link', 'client'],
      permission: 'communications:read',
      href: '/communications?client=unlinked',
    },
  ],
  widgets: [
    {
      slot: 'client.tabs',
      id: 'messages',
      label: 'Messages',
      order: 20,
      permission: 'communications:read',
      load: () => import(/* webpackChunkName: "client-messages" */ './widgets/ClientMessages'),
    },
  ],
  navBadge: {
    intervalMs: 30_000,
    fetch: async (signal) => {
      const counts = await api.get<{ needsReply: number }>('/communications/counts', { signal });
      return counts.needsReply || null;
    },
  },
};

export default config;
