/**
 * Global search (⌘K) over the team: active people by name or email. Broker-only `users.search`.
 * Teams are small (tens of people): no extra index; the agency's rows are folded and matched.
 */
import { defineSearch, searchCandidates, searchScore } from '@audienceos/module-sdk';

interface Row {
  id: string;
  name: string;
  email: string;
  title: string | null;
  role: string;
}

const ROLE_LABELS: Record<string, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', member: 'Member' };

/**
 * `users.search` — takes `{ q, limit? }`, gives `{ hits: [{ type: 'person', id, title: name,
 * subtitle: '<role> · <email>', url: '/settings/team?user=<id>', score }] }`; deactivated people
 * are left out. Needs `users:read`.
 */
export const peopleSearch = defineSearch({
  action: 'users.search',
  label: 'People',
  types: ['person'],
  permission: 'users:read',
  async search(ctx, q, limit) {
    const rows = await searchCandidates<Row>(ctx, {
      select: 'u.id, u.name, u.email, u.title, u.role',
      from: 'identity.user u',
      where: 'u.agency_id = $agency and u.active',
      text: `u.name || ' ' || u.email`,
      q,
      limit: limit * 4,
    });
    return rows.map((r) => ({
      type: 'person',
      id: r.id,
      title: r.name,
      subtitle: [ROLE_LABELS[r.role] ?? r.role, r.title, r.email].filter(Boolean).join(' · '),
      url: `/settings/team?user=${r.id}`,
      score: searchScore(q, r.name, [r.email]),
    }));
  },
});
