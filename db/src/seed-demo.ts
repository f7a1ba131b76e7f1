/**
 * The demo directory every module's seed builds on: the two agencies, their users, and
 * stable ids derived from natural keys, so that each module can seed on its own (in any
 * process, at any time) and still point at the same agencies, users and clients.
 */
import { createHash } from 'node:crypto';

/** A UUID (v5 layout) derived from a kind and a natural key: the same input, the same id. */
export function demoId(kind: string, key: string): string {
  const h = createHash('sha1').update(`audienceos:${kind}:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type Role = 'owner' | 'admin' | 'manager' | 'member';

export interface DemoUser {
  id: string;
  handle: string;
  name: string;
  email: string;
  role: Role;
  title: string;
}

export interface DemoAgency {
  id: string;
  slug: string;
  name: string;
  users: DemoUser[];
  /** How many clients the pipeline seeds for this agency (ids: `demo.clientIds(slug)`). */
  clientCount: number;
}

function user(agency: string, domain: string, handle: string, name: string, role: Role, title: string): DemoUser {
  const email = `${handle}@${domain}`;
  return { id: demoId('user', email), handle, name, email, role, title };
}

const chase: DemoAgency = {
  id: demoId('agency', 'chase-digital'),
  slug: 'chase-digital',
  name: 'Chase Digital Agency',
  clientCount: 8,
  users: [
    user('chase', 'chasedigital.agency', 'luke', 'Luke Chase', 'owner', 'Founder'),
    user('chase', 'chasedigital.agency', 'garrett', 'Garrett Hale', 'admin', 'Operations Director'),
    user('chase', 'chasedigital.agency', 'josh', 'Josh Rivera', 'manager', 'Account Manager'),
    user('chase', 'chasedigital.agency', 'jeff', 'Jeff Park', 'member', 'Tracking Specialist'),
  ],
};

const northwind: DemoAgency = {
  id: demoId('agency', 'northwind-media'),
  slug: 'northwind-media',
  name: 'Northwind Media',
  clientCount: 3,
  users: [user('northwind', 'northwind.media', 'nina', 'Nina Okafor', 'owner', 'Managing Director')],
};

export const demo = {
  password: () => process.env.DEMO_PASSWORD ?? 'audienceos-demo',
  agencies: [chase, northwind] as const,
  chase,
  northwind,
  agency(slug: string): DemoAgency {
    const found = [chase, northwind].find((a) => a.slug === slug);
    if (!found) throw new Error(`No demo agency ${slug}`);
    return found;
  },
  user(agencySlug: string, handle: string): DemoUser {
    const found = demo.agency(agencySlug).users.find((u) => u.handle === handle);
    if (!found) throw new Error(`No demo user ${handle} in ${agencySlug}`);
    return found;
  },
  clientIds(agencySlug: string): string[] {
    const agency = demo.agency(agencySlug);
    return Array.from({ length: agency.clientCount }, (_, i) => demoId('client', `${agency.slug}/${i + 1}`));
  },
};
