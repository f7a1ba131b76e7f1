/**
 * The SDK refuses calls without a verified caller, also when they come over the broker
 * rather than through the gateway, and checks permissions before any handler runs.
 */
import { demo } from '@audienceos/db';
import { defineModule, defineService, signCaller, type ActionContext } from '@audienceos/module-sdk';
import { startTestKit, type TestKit } from '@audienceos/module-sdk/testing';

let ran = 0;
const probe = defineModule({
  name: 'probe',
  version: '0.0.1',
  schema: 'probe',
  entities: [],
  migrations: [],
  manifest: { permissions: [{ name: 'probe:delete', roles: ['owner'] }] },
  services: [
    defineService({
      name: 'probe',
      actions: {
        whoami: { handler: (ctx: ActionContext) => (ran++, ctx.user) },
        remove: { permissions: ['probe:delete'], handler: () => (ran++, 'removed') },
        hello: { auth: 'public', handler: () => 'hello' },
        echo: { params: { name: { type: 'string', max: 10 } }, handler: (ctx: ActionContext<{ name: string }>) => ctx.params.name },
      },
    }),
  ],
});

let kit: TestKit;
beforeAll(async () => {
  kit = await startTestKit([probe]);
});
afterAll(() => kit.stop());

const chase = demo.chase;
const josh = demo.user('chase-digital', 'josh');

it('refuses a call without a caller (401) and never runs the handler', async () => {
  ran = 0;
  await expect(kit.broker.call('probe.whoami')).rejects.toMatchObject({ code: 401, type: 'UNAUTHORIZED' });
  expect(ran).toBe(0);
});

it('refuses a forged caller whose signature does not match (e.g. a raised role)', async () => {
  const { userSig } = signCaller({ id: josh.id, agencyId: chase.id, role: 'manager' });
  await expect(kit.broker.call('probe.whoami', {}, { meta: { user: { id: josh.id, agencyId: chase.id, role: 'owner' }, userSig } })).rejects.toMatchObject({ code: 401 });
});

it('accepts a signed caller and hands the handler the verified user', async () => {
  expect(await kit.as('chase-digital', 'josh').call('probe.whoami')).toEqual({ id: josh.id, agencyId: chase.id, role: 'manager' });
});

it('checks the declared permission before the handler runs (403)', async () => {
  ran = 0;
  await expect(kit.as('chase-digital', 'garrett').call('probe.remove')).rejects.toMatchObject({ code: 403, type: 'FORBIDDEN', data: { permission: 'probe:delete' } });
  expect(ran).toBe(0);
  expect(await kit.as('chase-digital', 'luke').call('probe.remove')).toBe('removed');
});

it('lets public actions through without a caller', async () => {
  expect(await kit.broker.call('probe.hello')).toBe('hello');
});

it('rejects unknown params field by field (422)', async () => {
  await expect(kit.as('chase-digital', 'josh').call('probe.echo', { name: 'x', agencyId: 'y' })).rejects.toMatchObject({
    code: 422,
    data: [{ field: 'agencyId', type: 'forbidden' }],
  });
});

describe('in-process calls between modules', () => {
  // Two modules in one process: the callee must use its own EntityManager, not the caller's
  // (MikroORM keys request/transaction contexts by name: each module has its own).
  const inner = defineModule({
    name: 'callee',
    version: '0.0.1',
    schema: 'callee',
    entities: [],
    migrations: [{ id: '0001', up: 'create table callee.t (id int)' }],
    manifest: { permissions: [] },
    services: [
      defineService({
        name: 'callee',
        actions: {
          write: { handler: async (ctx: ActionContext) => ((await ctx.em.getConnection().execute('insert into callee.t values (1)', [], 'run', ctx.em.getTransactionContext())), ctx.em.config.get('contextName')) },
        },
      }),
    ],
  });
  const outer = defineModule({
    name: 'outer',
    version: '0.0.1',
    schema: 'outer',
    entities: [],
    migrations: [],
    manifest: { permissions: [] },
    services: [
      defineService({
        name: 'outer',
        actions: {
          callInner: { handler: async (ctx: ActionContext) => ({ mine: ctx.em.config.get('contextName'), theirs: await ctx.call('callee.write') }) },
        },
      }),
    ],
  });
  let kit2: TestKit;
  beforeAll(async () => {
    kit2 = await startTestKit([inner, outer]);
  });
  afterAll(() => kit2.stop());

  it('the callee runs in its own ORM context inside the caller’s transaction-bound call', async () => {
    expect(await kit2.as('chase-digital', 'josh').call('outer.callInner')).toEqual({ mine: 'module:outer', theirs: 'module:callee' });
  });
});
