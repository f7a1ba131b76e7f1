/**
 * Issue 8 / readiness: moleculer-web builds module routes (autoAliases) after a debounce.
 * `startApp` (what `npm start` prints "up at" after) and `/health/ready` wait for them, so
 * the first request after startup reaches the route (401 without a token), never 404.
 */
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { missingRouteAliases, waitForRouteAliases } from '@audienceos/gateway';
import { startApp, type RunningApp } from '@audienceos/server';
import { request } from '../support/app';

let db: TestDatabase;
let app: RunningApp | null = null;
beforeAll(async () => {
  db = await freshDatabase();
  process.env.DATABASE_URL = db.url;
});
afterEach(async () => {
  await app?.stop();
  app = null;
});
afterAll(async () => {
  await db.drop();
});

async function start(): Promise<string> {
  app = await startApp({
    gateway: true,
    modules: ['identity', 'pipeline'],
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null },
    logLevel: 'error',
    log: () => undefined,
  });
  return app.url!.replace('localhost', '127.0.0.1');
}

test('the first request right after startApp resolves reaches a module route: 401, not 404', async () => {
  const base = await start();
  // Before the fix 38 routes of identity + pipeline were still unbuilt at this point.
  expect(missingRouteAliases(app!.broker)).toEqual([]);
  const res = await request(base, 'GET', '/api/v1/clients/stages');
  expect(res.status).toBe(401);
  const ready = await request(base, 'GET', '/health/ready');
  expect(ready.status).toBe(200);
  expect(ready.body.checks.routes).toEqual({ ok: true });
});

test('a service that joins later is not ready until its route is built, then answers 401', async () => {
  const base = await start();
  // Taken when the registry reports the change, i.e. while moleculer-web's rebuild is still debounced.
  let missingAtChange: string[] | null = null;
  app!.broker.createService({
    name: 'watcher',
    events: { '$services.changed': () => void (missingAtChange ??= missingRouteAliases(app!.broker).filter((a) => a.startsWith('latecomer.'))) },
  });
  await app!.broker.waitForServices('watcher');
  missingAtChange = null;
  app!.broker.createService({
    name: 'latecomer',
    settings: { rest: '/latecomer' },
    actions: { ping: { rest: 'GET /ping', handler: () => ({ pong: true }) } },
  });
  await app!.broker.waitForServices('latecomer');
  expect(missingAtChange).toEqual(['latecomer.ping']);
  // Wait for the state (no fixed sleep): readiness turns 200 once the alias is built.
  await waitForRouteAliases(app!.broker);
  const ready = await request(base, 'GET', '/health/ready');
  expect(ready.status).toBe(200);
  expect(ready.body.checks.routes).toEqual({ ok: true });
  expect((await request(base, 'GET', '/api/v1/latecomer/ping')).status).toBe(401);
});
