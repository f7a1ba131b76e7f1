/**
 * Dashboard API contract: KPI cards come from the providers found in the live registry (no
 * module named in the dashboard), their figures equal the provider's own answer for the same
 * period and the previous one, roles see only what they may read, a failing or slow provider
 * yields an error card, and each user's layout is their own, validated, per agency.
 */
import pg from 'pg';
import type { Service } from 'moleculer';
import { demo } from '@audienceos/db';
import { signCaller } from '@audienceos/module-sdk';
import { startTestApp, type TestApp } from '../support/app';

const DAY = 86_400_000;

interface Card {
  module: string;
  id: string;
  label: string;
  unit: string | null;
  lowerIsBetter: boolean;
  link: string | null;
  value: number | null;
  previous: number | null;
  change: number | null;
  changePct: number | null;
  aggregate: string | null;
  zone: string;
  better: boolean | null;
  series: { date: string; value: number | null }[];
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  error?: { message: string; type: string; period: string };
}

let t: TestApp;
let db: pg.Client;

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'dashboard'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

function caller(handle: string) {
  const agency = demo.agencies.find((a) => a.users.some((u) => u.handle === handle))!;
  const user = agency.users.find((u) => u.handle === handle)!;
  return { id: user.id, agencyId: agency.id, role: user.role };
}

async function as(app: TestApp, handle: string) {
  const token = await app.login(handle);
  return <T = any>(method: string, path: string, body?: unknown) => app.request<T>(method, `/api/v1/dashboard${path}`, { token, body });
}

async function kpis(app: TestApp, handle: string, query = ''): Promise<Card[]> {
  const res = await (await as(app, handle))<Card[]>('GET', `/kpis${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** The provider's own answer, asked over the broker as that user. */
function direct(app: TestApp, handle: string, action: string, params: { id: string; from: string; to: string }) {
  return app.app.broker.call(action, params, { meta: signCaller(caller(handle)) }) as Promise<{ value: number | null; series: { date: string; value: number | null }[] }>;
}

/** A provider registered straight on the broker, like a partner's module would be. */
async function fakeProvider(app: TestApp, name: string, manifest: Record<string, unknown>, kpi: (ctx: { params: Record<string, string> }) => unknown): Promise<Service> {
  const svc = app.app.broker.createService({
    name,
    metadata: { audienceos: { module: name, version: '0.0.1', ...manifest } },
    actions: { kpi: { handler: kpi } },
  });
  await app.app.broker.waitForServices([name], 5000);
  return svc;
}

const custom = (from: Date, to: Date) => `?period=custom&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
const key = (c: { module: string; id: string }) => `${c.module}/${c.id}`;

describe('KPI cards', () => {
  it('come from every discovered provider the caller may read, with their declarations', async () => {
    const cards = await kpis(t, 'luke');
    const modules = await t.request('GET', '/api/v1/modules', { token: await t.login('luke') });
    const declared = (modules.body.modules as { module: string; kpis: { id: string; label: string; unit?: string; lowerIsBetter?: boolean; link?: string; aggregate?: string }[] }[]).flatMap((m) =>
      m.kpis.map((k) => ({ module: m.module, ...k })),
    );
    expect(declared.length).toBeGreaterThanOrEqual(9);
    expect(cards.map(key).sort()).toEqual(declared.map(key).sort());
    for (const d of declared) {
      const card = cards.find((c) => key(c) === key(d))!;
      // The link is the declaration's, filled in with the card's period (the drill-down).
      const link = d.link?.replaceAll('{from}', encodeURIComponent(card.period.from)).replaceAll('{to}', encodeURIComponent(card.period.to)) ?? null;
      expect(card).toMatchObject({ label: d.label, unit: d.unit ?? null, lowerIsBetter: Boolean(d.lowerIsBetter), link, aggregate: d.aggregate ?? null });
      expect(card.error).toBeUndefined();
    }
    expect(new Set(cards.map((c) => c.module))).toEqual(new Set(['pipeline', 'tickets']));
    // Modules in their nav order: pipeline (20) before tickets (30).
    expect(cards.findIndex((c) => c.module === 'tickets')).toBeGreaterThan(cards.findIndex((c) => c.module === 'pipeline'));
  });

  it('equal the provider action for the same period and the previous one, with the change maths', async () => {
    const to = new Date(Date.now() - 60_000);
    const from = new Date(to.getTime() - 30 * DAY);
    const cards = await kpis(t, 'josh', custom(from, to));
    const prevFrom = new Date(from.getTime() - 30 * DAY);
    expect(cards.length).toBeGreaterThanOrEqual(9);
    for (const card of cards) {
      expect(card.period).toEqual({ from: from.toISOString(), to: to.toISOString() });
      expect(card.previousPeriod).toEqual({ from: prevFrom.toISOString(), to: from.toISOString() });
      const action = card.module === 'pipeline' ? 'clients.kpi' : 'tickets.kpi';
      const now = await direct(t, 'josh', action, { id: card.id, from: from.toISOString(), to: to.toISOString() });
      const before = await direct(t, 'josh', action, { id: card.id, from: prevFrom.toISOString(), to: from.toISOString() });
      expect(card.value).toEqual(now.value);
      expect(card.previous).toEqual(before.value);
      expect(card.series).toEqual(now.series.map((p) => ({ date: p.date, value: p.value })));
      if (card.value === null || card.previous === null) {
        expect(card.changePct).toBeNull();
        expect(card.change).toBeNull();
      } else if (Math.abs(card.previous) < 10) {
        // A small previous value: the absolute change, no percentage ("+3500 %" from 1 to 36).
        expect(card.changePct).toBeNull();
        expect(card.change).toBeCloseTo(card.value - card.previous, 1);
        expect(card.better).toBe(card.value === card.previous ? null : card.value > card.previous !== card.lowerIsBetter);
      } else {
        const pct = ((card.value - card.previous) / Math.abs(card.previous)) * 100;
        expect(card.changePct).toBeCloseTo(pct, 1);
        expect(card.better).toBe(Math.abs(pct) < 0.05 ? null : pct > 0 !== card.lowerIsBetter);
      }
    }
  });

  it('without settings running the agency zone is UTC: whole UTC days for the presets, the previous period just before; custom periods validated', async () => {
    const today = new Date();
    const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY;
    for (const [period, days] of [['7d', 7], ['30d', 30], ['90d', 90]] as const) {
      const [card] = await kpis(t, 'luke', `?period=${period}`);
      expect(card!.period).toEqual({ from: new Date(end - days * DAY).toISOString(), to: new Date(end).toISOString() });
      expect(card!.previousPeriod).toEqual({ from: new Date(end - 2 * days * DAY).toISOString(), to: new Date(end - days * DAY).toISOString() });
    }
    // A date-only `to` includes that day.
    const [day] = await kpis(t, 'luke', '?period=custom&from=2026-01-01&to=2026-01-31');
    expect(day!.period).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' });

    const api = await as(t, 'luke');
    for (const [query, field] of [
      ['?period=custom&from=2026-01-01', 'to'],
      ['?period=custom&from=2026-02-01&to=2026-01-01', 'to'],
      ['?period=14d', 'period'],
      ['?period=7d&from=2026-01-01', 'from'],
      ['?period=custom&from=yesterday&to=2026-01-01', 'from'],
      ['?period=custom&from=2020-01-01&to=2026-01-01', 'to'],
    ] as const) {
      const res = await api('GET', `/kpis${query}`);
      expect(res.status).toBe(422);
      expect(res.body.data.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it("scope each agency's figures to that agency (Northwind sees its own)", async () => {
    const to = new Date(Date.now() - 60_000);
    const from = new Date(to.getTime() - 90 * DAY);
    const [nina, luke] = await Promise.all([kpis(t, 'nina', custom(from, to)), kpis(t, 'luke', custom(from, to))]);
    expect(nina.map(key).sort()).toEqual(luke.map(key).sort());
    let differs = false;
    for (const card of nina) {
      const action = card.module === 'pipeline' ? 'clients.kpi' : 'tickets.kpi';
      const own = await direct(t, 'nina', action, { id: card.id, from: from.toISOString(), to: to.toISOString() });
      expect(card.value).toEqual(own.value);
      if (card.value !== luke.find((c) => key(c) === key(card))!.value) differs = true;
    }
    expect(differs).toBe(true);
  });

  it("give a member the provider's figures over the clients granted to him", async () => {
    const to = new Date(Date.now() - 60_000);
    const from = new Date(to.getTime() - 120 * DAY);
    const [jeff, josh] = await Promise.all([kpis(t, 'jeff', custom(from, to)), kpis(t, 'josh', custom(from, to))]);
    const mine = jeff.find((c) => key(c) === 'pipeline/new-clients')!;
    const own = await direct(t, 'jeff', 'clients.kpi', { id: 'new-clients', from: from.toISOString(), to: to.toISOString() });
    expect(mine.value).toBe(own.value);
    expect(mine.value!).toBeLessThan(josh.find((c) => key(c) === 'pipeline/new-clients')!.value!);
  });

  it('leave out the cards of a provider whose permission the role lacks', async () => {
    const svc = await fakeProvider(
      t,
      'finance',
      {
        ui: { remote: 'aos_finance', entry: '/x.js', exposes: [], nav: { label: 'Finance', icon: 'x', path: '/finance', group: 'operations', order: 90 } },
        permissions: [
          { name: 'finance:read', roles: ['owner'] },
          { name: 'finance:manage' },
        ],
        kpis: [
          { id: 'margin', label: 'Margin', action: 'finance.kpi', unit: 'percent', permission: 'finance:manage' },
          { id: 'revenue', label: 'Revenue', action: 'finance.kpi', unit: 'currency' },
        ],
      },
      (ctx) => ({ value: ctx.params.id === 'margin' ? 42 : 1000, series: [{ date: ctx.params.from, value: 1 }] }),
    );
    try {
      const luke = await kpis(t, 'luke');
      expect(luke.filter((c) => c.module === 'finance').map((c) => [c.id, c.value, c.previous, c.changePct])).toEqual([
        ['margin', 42, 42, 0],
        ['revenue', 1000, 1000, 0],
      ]);
      // admin: finance:manage (by verb) but not finance:read (owner only); manager: neither.
      expect((await kpis(t, 'garrett')).filter((c) => c.module === 'finance').map((c) => c.id)).toEqual(['margin']);
      const josh = await kpis(t, 'josh');
      expect(josh.some((c) => c.module === 'finance')).toBe(false);
      expect(josh.some((c) => c.module === 'pipeline')).toBe(true);
    } finally {
      await t.app.broker.destroyService(svc);
    }
  });

  it('turn a provider that throws or hangs into an error card, not a failed answer', async () => {
    const svc = await fakeProvider(
      t,
      'flaky',
      {
        permissions: [{ name: 'flaky:read' }],
        kpis: [
          { id: 'throws', label: 'Throws', action: 'flaky.kpi' },
          { id: 'hangs', label: 'Hangs', action: 'flaky.kpi' },
          { id: 'previous-fails', label: 'Previous fails', action: 'flaky.kpi' },
          { id: 'elsewhere', label: 'Nobody answers', action: 'flaky.missing' },
          { id: 'fine', label: 'Fine', action: 'flaky.kpi', lowerIsBetter: true },
        ],
      },
      async (ctx) => {
        const { id, from } = ctx.params;
        if (id === 'throws') throw new Error('database exploded at 10.0.0.3');
        if (id === 'hangs') await new Promise((r) => setTimeout(r, 3000));
        const current = new Date(from!).getTime() > Date.now() - 40 * DAY;
        if (id === 'previous-fails' && !current) throw new Error('no history');
        return { value: current ? 8 : 10, series: [{ date: from, value: current ? 8 : 10 }] };
      },
    );
    process.env.DASHBOARD_KPI_TIMEOUT_MS = '800';
    try {
      const started = Date.now();
      const cards = await kpis(t, 'luke', '?period=30d');
      expect(Date.now() - started).toBeLessThan(2500);
      const flaky = Object.fromEntries(cards.filter((c) => c.module === 'flaky').map((c) => [c.id, c]));
      expect(flaky.throws).toMatchObject({ value: null, previous: null, changePct: null, better: null, series: [], error: { type: 'PROVIDER_ERROR', period: 'current' } });
      expect(flaky.throws!.error!.message).not.toContain('10.0.0.3');
      expect(flaky.hangs!.error).toMatchObject({ type: 'PROVIDER_TIMEOUT' });
      expect(flaky['previous-fails']!.error).toMatchObject({ type: 'PROVIDER_ERROR', period: 'previous' });
      expect(flaky.elsewhere!.error).toMatchObject({ type: 'PROVIDER_UNAVAILABLE' });
      // 8 against 10 on a lower-is-better figure: −20 %, better.
      expect(flaky.fine).toMatchObject({ value: 8, previous: 10, changePct: -20, better: true });
      expect(flaky.fine!.error).toBeUndefined();
      // One card can be asked again on its own (an error card's Retry).
      const retried = await kpis(t, 'luke', '?period=30d&module=flaky&kpi=fine');
      expect(retried.map(key)).toEqual(['flaky/fine']);
      expect((await kpis(t, 'luke', '?period=30d&module=pipeline')).every((c) => c.module === 'pipeline')).toBe(true);
      // The real providers are unaffected.
      expect(cards.filter((c) => c.module !== 'flaky').every((c) => !c.error)).toBe(true);
    } finally {
      delete process.env.DASHBOARD_KPI_TIMEOUT_MS;
      await t.app.broker.destroyService(svc);
    }
  });

  it("leave out the modules the caller's agency switched off (when a service offers settings.enabledModules), failing open", async () => {
    let answer: () => unknown = () => ({ modules: ['identity', 'pipeline', 'dashboard'] });
    const svc = t.app.broker.createService({ name: 'settings', actions: { enabledModules: { handler: () => answer() } } });
    await t.app.broker.waitForServices(['settings'], 5000);
    try {
      const cards = await kpis(t, 'luke');
      expect(new Set(cards.map((c) => c.module))).toEqual(new Set(['pipeline']));
      expect((await (await as(t, 'luke'))('GET', '/layout')).body.cards.every((c: { module: string }) => c.module === 'pipeline')).toBe(true);
      answer = () => ({ modules: null });
      expect(new Set((await kpis(t, 'luke')).map((c) => c.module))).toEqual(new Set(['pipeline', 'tickets']));
      answer = () => {
        throw new Error('settings is down');
      };
      expect(new Set((await kpis(t, 'luke')).map((c) => c.module))).toEqual(new Set(['pipeline', 'tickets']));
    } finally {
      await t.app.broker.destroyService(svc);
    }
  });

  it('refuse callers without a token', async () => {
    expect((await t.request('GET', '/api/v1/dashboard/kpis')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/dashboard/layout')).status).toBe(401);
    expect((await t.request('PUT', '/api/v1/dashboard/layout', { body: { cards: [] } })).status).toBe(401);
  });
});

describe('layout', () => {
  const rows = async () => (await db.query('select agency_id, user_id, cards from dashboard.layout order by user_id')).rows;

  it('defaults to every card, in the order of the cards', async () => {
    const res = await (await as(t, 'luke'))('GET', '/layout');
    expect(res.status).toBe(200);
    expect(res.body.custom).toBe(false);
    expect(res.body.cards.map(key)).toEqual((await kpis(t, 'luke')).map(key));
    expect(res.body.cards.every((c: { hidden?: boolean }) => !c.hidden)).toBe(true);
  });

  it("is each user's own: saved order and hidden cards, new cards appended", async () => {
    const josh = await as(t, 'josh');
    const cards = (await josh('GET', '/layout')).body.cards as { module: string; id: string }[];
    const mine = [
      { module: 'tickets', id: 'open-tickets' },
      { module: 'pipeline', id: 'new-clients', hidden: true },
      { module: 'pipeline', id: 'at-risk-clients' },
    ];
    const saved = await josh('PUT', '/layout', { cards: mine });
    expect(saved.status).toBe(200);
    expect(saved.body.custom).toBe(true);
    expect(saved.body.cards.slice(0, 3)).toEqual(mine);
    expect(saved.body.cards.slice(3).map(key).sort()).toEqual(cards.map(key).filter((k) => !mine.some((m) => key(m) === k)).sort());
    expect((await josh('GET', '/layout')).body.cards).toEqual(saved.body.cards);
    // Saving again replaces, still one row.
    await josh('PUT', '/layout', { cards: mine.slice(0, 1) });
    expect((await josh('GET', '/layout')).body.cards[0]).toEqual(mine[0]);

    expect((await (await as(t, 'luke'))('GET', '/layout')).body.custom).toBe(false);
    expect((await (await as(t, 'nina'))('GET', '/layout')).body.custom).toBe(false);
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ agency_id: caller('josh').agencyId, user_id: caller('josh').id, cards: mine.slice(0, 1) });

    // Northwind's owner saves her own; Chase's rows are untouched.
    const nina = await as(t, 'nina');
    expect((await nina('PUT', '/layout', { cards: [{ module: 'pipeline', id: 'new-clients' }] })).status).toBe(200);
    expect((await rows()).map((r) => r.agency_id).sort()).toEqual([caller('josh').agencyId, caller('nina').agencyId].sort());
    expect((await josh('GET', '/layout')).body.cards[0]).toEqual(mine[0]);
  });

  it('is validated (422 with the field) and nothing is written', async () => {
    const jeff = await as(t, 'jeff');
    const before = await rows();
    for (const [body, field] of [
      [{}, 'cards'],
      [{ cards: 'all' }, 'cards'],
      [{ cards: [{ module: 'pipeline' }] }, 'cards[0].id'],
      [{ cards: [{ module: 'pipeline', id: 'new-clients', colour: 'red' }] }, 'cards[0].colour'],
      [{ cards: [{ module: '', id: 'x' }] }, 'cards[0].module'],
      [{ cards: [{ module: 'pipeline', id: 'a'.repeat(101) }] }, 'cards[0].id'],
      [{ cards: [{ module: 'pipeline', id: 'new-clients', hidden: 'yes' }] }, 'cards[0].hidden'],
      [{ cards: [{ module: 'pipeline', id: 'x' }, { module: 'tickets', id: 'x' }, { module: 'pipeline', id: 'x' }] }, 'cards[2]'],
      [{ cards: Array.from({ length: 201 }, (_, i) => ({ module: 'm', id: `k${i}` })) }, 'cards'],
      [{ cards: [], agencyId: caller('nina').agencyId }, 'agencyId'],
    ] as const) {
      const res = await jeff('PUT', '/layout', body);
      expect(res.status).toBe(422);
      expect(res.body.data.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await rows()).toEqual(before);
  });
});

describe('with only some modules running', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ modules: ['identity', 'pipeline', 'dashboard'] });
  });
  afterAll(async () => {
    await small.stop();
  });

  it('a module that is not running contributes nothing', async () => {
    const cards = await kpis(small, 'luke');
    expect(cards.length).toBeGreaterThan(0);
    expect(new Set(cards.map((c) => c.module))).toEqual(new Set(['pipeline']));
    expect(cards.every((c) => !c.error)).toBe(true);
    const layout = await (await as(small, 'luke'))('GET', '/layout');
    expect(layout.body.cards.every((c: { module: string }) => c.module === 'pipeline')).toBe(true);
  });
});
