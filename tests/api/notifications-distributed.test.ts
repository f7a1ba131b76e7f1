/**
 * Notifications in the distributed run: gateway, identity, pipeline, tickets and notifications
 * each in their own OS process over the machine's NATS (durable events over JetStream), one
 * shared PostgreSQL. Josh assigns Jeff a ticket in the tickets process; the notifications
 * process consumes the event, asks identity for the team over the broker, and Jeff's bell has it.
 */
import { randomBytes } from 'node:crypto';
import { demo } from '@audienceos/db';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { demoEmail, request } from '../support/app';
import { eventually, freePort, natsAvailable, startModuleProcess, type ModuleProcess } from '../support/processes';

let available = false;
let db: TestDatabase;
let base: string;
const processes: ModuleProcess[] = [];
const namespace = `distnotify-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  available = await natsAvailable();
  if (!available) return;
  db = await freshDatabase();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  processes.push(
    ...(await Promise.all([
      startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port, timeoutMs: 100000 }),
      startModuleProcess(['identity'], { databaseUrl: db.url, namespace, timeoutMs: 100000 }),
      startModuleProcess(['pipeline'], { databaseUrl: db.url, namespace, timeoutMs: 100000 }),
      startModuleProcess(['tickets'], { databaseUrl: db.url, namespace, timeoutMs: 100000 }),
      startModuleProcess(['notifications'], { databaseUrl: db.url, namespace, timeoutMs: 100000 }),
    ])),
  );
}, 150000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await db?.drop();
});

async function login(handle: string): Promise<string> {
  return eventually(async () => {
    const res = await request(base, 'POST', '/api/v1/auth/login', { body: { email: demoEmail(handle), password: demo.password() } });
    if (res.status !== 200) throw new Error(`login ${res.status}`);
    return res.body.accessToken as string;
  }, 20000);
}

it('a ticket assigned in the tickets process reaches the assignee through the notifications process', async () => {
  if (!available) return console.warn('NATS is not reachable: distributed notifications test not run');
  const [josh, jeff] = [await login('josh'), await login('jeff')];
  const created = await eventually(async () => {
    const res = await request(base, 'POST', '/api/v1/tickets', {
      token: josh,
      body: { title: `Across processes ${namespace}`, clientId: demo.clientIds('chase-digital')[1], assigneeId: demo.user('chase-digital', 'jeff').id },
    });
    if (res.status !== 201) throw new Error(`create ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; number: number };
  }, 20000);
  const n = await eventually(async () => {
    const res = await request(base, 'GET', '/api/v1/notifications?limit=50', { token: jeff });
    const found = res.status === 200 && (res.body.items as { recordId: string; kind: string; url: string }[]).find((x) => x.recordId === created.id && x.kind === 'assigned');
    if (!found) throw new Error(`not yet (${res.status})`);
    return found;
  }, 30000).catch((err: Error) => {
    throw new Error(`${err.message}\n${processes.map((p) => `--- ${p.names.join('+')}\n${p.output().slice(-3000)}`).join('\n')}`);
  });
  expect(n.url).toBe(`/tickets?ticket=${created.id}`);
  expect((await request(base, 'GET', '/api/v1/notifications/unread-count', { token: jeff })).body.count).toBeGreaterThanOrEqual(1);
}, 90000);
