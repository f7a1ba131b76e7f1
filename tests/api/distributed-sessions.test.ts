/**
 * Issue 8 §1 in the distributed run: the gateway and identity as separate processes over the
 * machine's NATS. A role change and a deactivation made through the gateway are announced by
 * identity over NATS; the old access token is refused on the very next request (401), and
 * so is it by a second gateway process that never saw the change (it learns it from the
 * broadcast too).
 */
import { randomBytes } from 'node:crypto';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { demoEmail, request } from '../support/app';
import { eventually, freePort, natsAvailable, startModuleProcess, type ModuleProcess } from '../support/processes';
import { addPerson, signIn } from '../support/people';

let available = false;
let db: TestDatabase;
let procs: ModuleProcess[] = [];
let base: string;
let base2: string;
const namespace = `dist-sv-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  available = await natsAvailable();
  if (!available) return;
  db = await freshDatabase();
  const [port, port2] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  base2 = `http://127.0.0.1:${port2}`;
  procs = await Promise.all([
    startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port }),
    startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port: port2 }),
    startModuleProcess(['identity'], { databaseUrl: db.url, namespace }),
  ]);
}, 120000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await db?.drop();
});

const maybe = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(name, async () => {
    if (!available) {
      console.warn(`NATS is not reachable at ${process.env.NATS_URL ?? 'nats://127.0.0.1:4222'}: distributed test not run`);
      return;
    }
    await fn();
  }, timeout);

const status = async (b: string, method: string, path: string, token: string, body?: unknown) => {
  const res = await request(b, method, path, { token, body });
  return { status: res.status, type: (res.body as { type?: string } | null)?.type };
};

describe('session versions across processes over NATS', () => {
  maybe('demote and deactivate: the old token is refused on the next request, by every gateway', async () => {
    const luke = await eventually(() => signIn(base, demoEmail('luke'), 'audienceos-demo'), 20000);
    const boss = await addPerson(base, luke.token, 'dist.owner@chasedigital.agency', 'owner');
    const old = await signIn(base, boss.email, boss.password);
    // Both gateways have seen (and cached) the current version before the change.
    expect(await status(base, 'GET', '/api/v1/users', old.token)).toEqual({ status: 200, type: undefined });
    expect(await status(base2, 'GET', '/api/v1/users', old.token)).toEqual({ status: 200, type: undefined });

    expect((await request(base, 'PATCH', `/api/v1/users/${boss.id}/role`, { token: luke.token, body: { role: 'member' } })).status).toBe(200);
    expect(await status(base, 'PATCH', `/api/v1/users/${boss.id}/role`, old.token, { role: 'owner' })).toEqual({ status: 401, type: 'SESSION_REVOKED' });
    // The second gateway learns it from identity's broadcast over NATS (no request went through it).
    await eventually(async () => expect(await status(base2, 'GET', '/api/v1/users', old.token)).toEqual({ status: 401, type: 'SESSION_REVOKED' }), 5000);

    const admin = await addPerson(base, luke.token, 'dist.admin@chasedigital.agency', 'admin');
    const adminOld = await signIn(base, admin.email, admin.password);
    expect(await status(base, 'GET', '/api/v1/users', adminOld.token)).toEqual({ status: 200, type: undefined });
    expect((await request(base, 'POST', `/api/v1/users/${admin.id}/deactivate`, { token: luke.token })).status).toBe(200);
    expect(await status(base, 'POST', `/api/v1/users/${admin.id}/activate`, adminOld.token)).toEqual({ status: 401, type: 'SESSION_REVOKED' });
    await eventually(async () => expect(await status(base2, 'GET', '/api/v1/users', adminOld.token)).toEqual({ status: 401, type: 'SESSION_REVOKED' }), 5000);
  }, 60000);
});
