/** A module an agency switches off is refused at the gateway (403), not only hidden from the nav. */
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'settings'] });
});
afterAll(() => t.stop());

it('refuses the routes of a switched-off module for that agency only, until it is switched on again', async () => {
  const luke = await t.login('luke');
  const nina = await t.login('nina');
  expect((await t.request('GET', '/api/v1/tickets', { token: luke })).status).toBe(200);
  const off = await t.request('PUT', '/api/v1/settings/modules', { token: luke, body: { disabled: ['tickets'] } });
  expect(off.status).toBe(200);
  const refused = await t.request('GET', '/api/v1/tickets', { token: luke });
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ type: 'MODULE_DISABLED', data: { module: 'tickets' } });
  expect((await t.request('GET', '/api/v1/tickets', { token: nina })).status).toBe(200);
  expect((await t.request('GET', '/api/v1/clients', { token: luke })).status).toBe(200);
  await t.request('PUT', '/api/v1/settings/modules', { token: luke, body: { disabled: [] } });
  expect((await t.request('GET', '/api/v1/tickets', { token: luke })).status).toBe(200);
});
