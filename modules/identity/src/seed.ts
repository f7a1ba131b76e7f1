import type { SeedContext } from '@audienceos/module-sdk';
import { AgencySchema, ClientAccessSchema, CredentialSchema, UserSchema } from './entities';
import { hashPassword } from './passwords';

/** The demo agencies and their people; Jeff (a member) is granted four Chase clients. */
export async function seed({ em, demo }: SeedContext): Promise<void> {
  const password = demo.password();
  for (const agency of demo.agencies) {
    em.create(AgencySchema, { id: agency.id, slug: agency.slug, name: agency.name, createdAt: new Date(Date.now() - 400 * 86_400_000) });
    await em.flush();
    const hashes = await Promise.all(agency.users.map(() => hashPassword(password)));
    agency.users.forEach((u, i) => {
      em.create(UserSchema, {
        id: u.id,
        agencyId: agency.id,
        name: u.name,
        email: u.email,
        title: u.title,
        role: u.role,
        active: true,
        sessionVersion: 1,
        lastActiveAt: new Date(Date.now() - i * 3_600_000),
        createdAt: new Date(Date.now() - (300 - i * 20) * 86_400_000),
        updatedAt: new Date(),
      });
    });
    // No modelled relations between these tables: flush parents before rows that reference them.
    await em.flush();
    agency.users.forEach((u, i) => em.create(CredentialSchema, { userId: u.id, passwordHash: hashes[i]!, updatedAt: new Date() }));
  }
  const chase = demo.chase;
  const jeff = demo.user(chase.slug, 'jeff');
  const clients = demo.clientIds(chase.slug);
  const grants: [number, 'read' | 'write'][] = [[1, 'write'], [3, 'write'], [5, 'write'], [6, 'read']];
  for (const [index, access] of grants) {
    em.create(ClientAccessSchema, { agencyId: chase.id, userId: jeff.id, clientId: clients[index]!, access, grantedBy: demo.user(chase.slug, 'luke').id, createdAt: new Date() });
  }
  await em.flush();
}
