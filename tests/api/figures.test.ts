/**
 * Figures you can trust (issue 9 §1–4), over HTTP with a fixed platform clock (`setClock`):
 * periods and trends in the agency's zone (Chase: America/New_York), SLA deadlines in
 * business hours that pause while waiting on the client and restart on a reopen, figures
 * from history (a reopen does not erase last week's resolution), and every count card's
 * drill-down list having exactly as many rows as the figure.
 */
import pg from 'pg';
import { demo } from '@audienceos/module-sdk';
import { setClock } from '@audienceos/module-sdk/testing';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let db: pg.Client;
const chase = demo.clientIds('chase-digital');

beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'settings', 'dashboard'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  setClock(null);
  await db.end();
  await t.stop();
});
afterEach(() => setClock(null));

async function as(handle: string, method: string, path: string, body?: unknown) {
  return t.request(method, path, { token: await t.login(handle), body });
}
const at = (iso: string) => setClock(new Date(iso));

async function openTicket(priority: string, title = 'Pixel not firing') {
  const res = await as('josh', 'POST', '/api/v1/tickets', { title, clientId: chase[0], priority });
  expect(res.status).toBe(201);
  return res.body;
}
const status = async (id: string, to: string, resolutionNotes?: string) => {
  const res = await as('josh', 'PATCH', `/api/v1/tickets/${id}/status`, { status: to, ...(resolutionNotes ? { resolutionNotes } : {}) });
  expect(res.status).toBe(200);
  return res.body;
};

describe('SLA clocks in business hours (Chase: New York, Mon–Fri 09:00–17:30)', () => {
  it('a critical ticket opened on a Sunday evening is due on Monday morning, not an hour later on Sunday', async () => {
    at('2026-03-02T00:00:00Z'); // Sunday 1 March, 19:00 in New York
    const ticket = await openTicket('critical');
    // First response: 60 business minutes → Monday 10:00 EST; resolution: 8 h → Monday 17:00 EST.
    expect(ticket.sla.firstResponse).toMatchObject({ dueAt: '2026-03-02T15:00:00.000Z', target: 60, breached: false });
    expect(ticket.sla.resolution).toMatchObject({ dueAt: '2026-03-02T22:00:00.000Z', target: 480 });
    at('2026-03-02T01:30:00Z'); // 20:30 on Sunday: not late
    expect((await as('josh', 'GET', `/api/v1/tickets/${ticket.id}`)).body.sla.state).toBe('ok');
    at('2026-03-02T15:01:00Z'); // Monday 10:01: the first response is late
    expect((await as('josh', 'GET', `/api/v1/tickets/${ticket.id}`)).body.sla.firstResponse.breached).toBe(true);
  });

  it('stop while the ticket waits on the client and resume with the business time that was left (across a DST change)', async () => {
    at('2026-03-03T15:00:00Z'); // Tuesday 10:00 EST
    const ticket = await openTicket('high'); // resolution: 24 business hours → Thursday 17:00
    expect(ticket.sla.resolution.dueAt).toBe('2026-03-05T22:00:00.000Z');
    await status(ticket.id, 'in_progress');
    at('2026-03-03T16:00:00Z'); // Tuesday 11:00: 23 business hours left
    const waiting = await status(ticket.id, 'waiting_client');
    expect(waiting.sla).toMatchObject({ paused: true, pausedAt: '2026-03-03T16:00:00.000Z' });

    at('2026-03-06T16:00:00Z'); // Friday 11:00, past the old deadline: paused, so not breached
    const still = (await as('josh', 'GET', `/api/v1/tickets/${ticket.id}`)).body;
    expect(still.sla).toMatchObject({ paused: true, state: 'ok' });
    expect(still.sla.resolution.breached).toBe(false);
    const breachedList = (await as('josh', 'GET', '/api/v1/tickets?sla=breached&limit=100')).body.items.map((i: { id: string }) => i.id);
    expect(breachedList).not.toContain(ticket.id);

    // Back to work on Friday 11:00: 6.5 h Friday + 8.5 h Monday (the 9th, EDT) + 8 h Tuesday → Tuesday 17:00 EDT.
    const resumed = await status(ticket.id, 'in_progress');
    expect(resumed.sla).toMatchObject({ paused: false, pausedAt: null });
    expect(resumed.sla.resolution.dueAt).toBe('2026-03-10T21:00:00.000Z');
  });

  it('do not stop when the agency turns the pause off, and skip its holidays', async () => {
    const off = await as('luke', 'PATCH', '/api/v1/settings/profile', { slaPauseWhileWaiting: false, holidays: ['2026-03-11'] });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ slaPauseWhileWaiting: false, holidays: ['2026-03-11'] });
    try {
      at('2026-03-10T21:00:00Z'); // Tuesday 17:00 EDT; Wednesday the 11th is a holiday
      const ticket = await openTicket('critical');
      // 30 minutes on Tuesday, the rest on Thursday from 09:00.
      expect(ticket.sla.firstResponse.dueAt).toBe('2026-03-12T13:30:00.000Z');
      await status(ticket.id, 'waiting_client');
      expect((await as('josh', 'GET', `/api/v1/tickets/${ticket.id}`)).body.sla.paused).toBe(false);
    } finally {
      await as('luke', 'PATCH', '/api/v1/settings/profile', { slaPauseWhileWaiting: true, holidays: [] });
    }
  });

  it('settings refuse a holiday that is not a calendar date (422 naming it), changing nothing', async () => {
    const res = await as('luke', 'PATCH', '/api/v1/settings/profile', { holidays: ['2026-02-30'] });
    expect(res.status).toBe(422);
    expect(res.body.data.map((d: { field: string }) => d.field)).toContain('holidays[0]');
    const member = await as('jeff', 'PATCH', '/api/v1/settings/profile', { slaPauseWhileWaiting: false });
    expect(member.status).toBe(403);
    expect((await as('luke', 'GET', '/api/v1/settings/profile')).body).toMatchObject({ holidays: [], slaPauseWhileWaiting: true });
  });
});

describe('figures from history', () => {
  const kpi = async (id: string, from: string, to: string) => {
    const res = await as('luke', 'GET', `/api/v1/dashboard/kpis?period=custom&from=${from}&to=${to}&module=tickets&kpi=${id}`);
    expect(res.status).toBe(200);
    return res.body[0];
  };

  it("reopening a ticket does not erase its earlier resolution from last week's figures, and starts a new resolution clock", async () => {
    at('2026-04-07T14:00:00Z'); // Tuesday 10:00 EDT
    const ticket = await openTicket('medium', 'Resolved then reopened');
    at('2026-04-07T16:00:00Z');
    await status(ticket.id, 'resolved', 'Reset the pixel');
    expect((await kpi('avg-resolution-time', '2026-04-07', '2026-04-07')).value).toBe(2);

    at('2026-04-13T14:00:00Z'); // the next Monday, 10:00
    const reopened = await as('josh', 'POST', `/api/v1/tickets/${ticket.id}/reopen`, { reason: 'Firing twice now' });
    expect(reopened.status).toBe(200);
    // A new resolution clock: 72 business hours from Monday 10:00.
    expect(reopened.body.sla.resolution).toMatchObject({ met: false, breached: false, remainingMinutes: expect.any(Number) });
    expect(new Date(reopened.body.sla.resolution.dueAt).getTime()).toBeGreaterThan(new Date('2026-04-13T14:00:00Z').getTime());

    // Last week still shows the two-hour resolution; the ticket is open again now.
    const lastWeek = await kpi('avg-resolution-time', '2026-04-07', '2026-04-07');
    expect(lastWeek.value).toBe(2);
    const open = await kpi('open-tickets', '2026-04-07', '2026-04-07');
    const openDay = open.series.find((p: { date: string }) => p.date === '2026-04-07');
    expect(openDay).toBeDefined();
    const resolvedList = await as('luke', 'GET', `/api/v1/tickets?in=resolved&from=2026-04-07T04:00:00Z&to=2026-04-08T04:00:00Z&limit=100`);
    expect(resolvedList.body.items.map((i: { id: string }) => i.id)).toContain(ticket.id);
  });

  it('an average with no data is null (no percent change), and a small previous value gives an absolute change', async () => {
    const empty = await kpi('avg-resolution-time', '2003-01-06', '2003-01-12');
    expect(empty).toMatchObject({ value: null, previous: null, change: null, changePct: null, better: null });
    expect(empty.series).toHaveLength(7);
    expect(empty.series.every((p: { value: number | null }) => p.value === null)).toBe(true);

    // One hour logged the week before, 36 hours this week: +35 h, not "+3500 %".
    at('2003-02-20T12:00:00Z');
    const ticket = await openTicket('low', 'Hours for the change rule');
    const log = (minutes: number, spentAt: string) => as('josh', 'POST', `/api/v1/tickets/${ticket.id}/time`, { minutes, spentAt });
    expect((await log(60, '2003-02-05T15:00:00Z')).status).toBe(201);
    for (const day of ['10', '11', '12']) expect((await log(720, `2003-02-${day}T15:00:00Z`)).status).toBe(201);
    const hours = await kpi('support-hours', '2003-02-09', '2003-02-15');
    expect(hours).toMatchObject({ value: 36, previous: 1, change: 35, changePct: null, better: true });
  });
});

describe("periods in the agency's zone", () => {
  it('a 7/30/90-day preset ends at the next New York midnight and has 7/30/90 points, the last one today there', async () => {
    at('2026-03-10T03:00:00Z'); // 9 March, 23:00 in New York (already the 10th in UTC)
    for (const [preset, days] of [['7d', 7], ['30d', 30], ['90d', 90]] as const) {
      const cards = (await as('luke', 'GET', `/api/v1/dashboard/kpis?period=${preset}`)).body;
      for (const card of cards) {
        expect(card.zone).toBe('America/New_York');
        expect(card.period.to).toBe('2026-03-10T04:00:00.000Z'); // midnight EDT
        expect(card.series).toHaveLength(days);
        expect(card.series[days - 1].date).toBe('2026-03-09');
      }
    }
    const week = (await as('luke', 'GET', '/api/v1/dashboard/kpis?period=7d&module=tickets&kpi=support-hours')).body[0];
    // 3 March 00:00 EST → 10 March 00:00 EDT: seven days, one of them (the 8th) 23 hours long.
    expect(week.period).toEqual({ from: '2026-03-03T05:00:00.000Z', to: '2026-03-10T04:00:00.000Z' });
    expect(week.previousPeriod).toEqual({ from: '2026-02-24T05:00:00.000Z', to: '2026-03-03T05:00:00.000Z' });
  });

  it('follows a change of the agency zone at once (Pacific/Auckland: already the 10th there)', async () => {
    at('2026-03-10T03:00:00Z');
    expect((await as('luke', 'PATCH', '/api/v1/settings/profile', { timezone: 'Pacific/Auckland' })).status).toBe(200);
    try {
      const card = (await as('luke', 'GET', '/api/v1/dashboard/kpis?period=7d&module=tickets&kpi=support-hours')).body[0];
      expect(card.zone).toBe('Pacific/Auckland');
      expect(card.series.map((p: { date: string }) => p.date)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
      expect(card.period.to).toBe('2026-03-10T11:00:00.000Z'); // midnight NZDT (UTC+13)
      // Northwind's zone is its own.
      expect((await as('nina', 'GET', '/api/v1/dashboard/kpis?period=7d&module=tickets&kpi=support-hours')).body[0].zone).toBe('Europe/London');
    } finally {
      await as('luke', 'PATCH', '/api/v1/settings/profile', { timezone: 'America/New_York' });
    }
  });
});

describe('drill-down', () => {
  /** Every row of the list a card links to, over the module's list API, all pages. */
  async function rowsBehind(link: string, handle = 'luke'): Promise<number> {
    const url = new URL(link, 'http://x');
    const api = url.pathname === '/tickets' ? '/api/v1/tickets' : url.pathname === '/pipeline' ? '/api/v1/clients' : null;
    if (!api) throw new Error(`no list API for ${link}`);
    url.searchParams.delete('view'); // a screen choice, not a filter
    url.searchParams.set('limit', '100');
    let count = 0;
    let cursor: string | null = null;
    do {
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await as(handle, 'GET', `${api}?${url.searchParams.toString()}`);
      expect(res.status).toBe(200);
      count += res.body.items.length;
      cursor = res.body.nextCursor ?? null;
    } while (cursor);
    return count;
  }

  it('every count card opens a list with exactly as many rows as the figure, for the same period', async () => {
    setClock(new Date()); // one instant for the figure and its list
    for (const preset of ['7d', '90d']) {
      const cards = (await as('luke', 'GET', `/api/v1/dashboard/kpis?period=${preset}`)).body as { id: string; unit: string; link: string | null; value: number }[];
      const counted = cards.filter((c) => c.unit === 'count' && c.link);
      expect(counted.map((c) => c.id).sort()).toEqual(['active-onboardings', 'at-risk-clients', 'new-clients', 'open-tickets', 'sla-breaches']);
      for (const card of counted) expect({ id: card.id, preset, rows: await rowsBehind(card.link!) }).toEqual({ id: card.id, preset, rows: card.value });
    }
  });

  it('for a PAST period the snapshot cards (open tickets, active onboardings, at-risk) open the list as it was at its end', async () => {
    // A week in June 2025 (New York): a ticket open through it, resolved later; a client onboarding
    // through it, live later; a client red (24 days in its stage) at its end, moved on today.
    at('2025-05-16T14:00:00Z');
    const stuck = (await as('josh', 'POST', '/api/v1/clients', { name: 'Stuck in May', stage: 'onboarding' })).body;
    at('2025-06-03T14:00:00Z');
    const ticket = await openTicket('low', 'Open through the June week');
    const onboarding = (await as('josh', 'POST', '/api/v1/clients', { name: 'Onboarding in June', stage: 'onboarding' })).body;
    expect([stuck.id, onboarding.id].every(Boolean)).toBe(true);
    setClock(null); // resolved and moved on today
    await status(ticket.id, 'resolved', 'Fixed after the week');
    for (const [id, stage] of [[onboarding.id, 'live'], [stuck.id, 'installation']]) {
      expect((await as('josh', 'PATCH', `/api/v1/clients/${id}/stage`, { stage })).status).toBe(200);
    }

    const cards = (await as('luke', 'GET', '/api/v1/dashboard/kpis?period=custom&from=2025-06-02&to=2025-06-08')).body as { id: string; link: string; value: number }[];
    const byId = Object.fromEntries(cards.map((c) => [c.id, c]));
    const ids = async (link: string) => {
      const url = new URL(link, 'http://x');
      const api = url.pathname === '/tickets' ? '/api/v1/tickets' : '/api/v1/clients';
      url.searchParams.set('limit', '100');
      return (await as('luke', 'GET', `${api}?${url.searchParams.toString()}`)).body.items.map((i: { id: string }) => i.id);
    };
    expect(byId['open-tickets']!.link).toBe('/tickets?openAt=2025-06-09T04%3A00%3A00.000Z');
    expect(await ids(byId['open-tickets']!.link)).toContain(ticket.id); // resolved now, open then
    expect(await ids(byId['active-onboardings']!.link)).toContain(onboarding.id); // live now
    expect(await ids(byId['at-risk-clients']!.link)).toContain(stuck.id); // green now, red then
    for (const id of ['open-tickets', 'active-onboardings', 'at-risk-clients']) {
      const card = byId[id]!;
      expect(card.value).toBeGreaterThanOrEqual(1);
      expect({ id, rows: await rowsBehind(card.link) }).toEqual({ id, rows: card.value });
    }
    // The boards take the same filters (one query per column).
    const board = await as('luke', 'GET', '/api/v1/tickets/board?openAt=2025-06-09T04:00:00Z');
    expect(board.status).toBe(200);
    const inColumns = board.body.columns.flatMap((c: { items: { id: string }[] }) => c.items.map((i) => i.id));
    expect(inColumns).toContain(ticket.id);
    const clientsBoard = await as('luke', 'GET', '/api/v1/clients/board?health=red&asOf=2025-06-09T04:00:00Z');
    expect(clientsBoard.status).toBe(200);
    expect(clientsBoard.body.stages.flatMap((c: { items: { id: string }[] }) => c.items.map((i) => i.id))).toContain(stuck.id);
    // Today's lists do not hold them: the current-state filters would have shown other counts.
    expect(await ids('/tickets?status=open')).not.toContain(ticket.id);
    expect(await ids('/pipeline?health=red')).not.toContain(stuck.id);
    expect((await as('luke', 'GET', '/api/v1/tickets?openAt=yesterday')).status).toBe(422);
    expect((await as('luke', 'GET', '/api/v1/clients?asOf=not-a-date')).status).toBe(422);
  });

  it("active onboardings links to the agency's OWN stages before Live (renamed, added, reordered): list count == figure", async () => {
    // Northwind renames Onboarding, adds "Access & Setup" and moves Needs Support before Live.
    const nina = (method: string, path: string, body?: unknown) => as('nina', method, path, body);
    const stages = await nina('PUT', '/api/v1/clients/stages', {
      stages: [
        { key: 'onboarding', name: 'Kickoff' },
        { name: 'Access & Setup' },
        { key: 'installation', name: 'Installation' },
        { key: 'audit', name: 'QA' },
        { key: 'needs-support', name: 'Needs Support' },
        { key: 'live', name: 'Live' },
        { key: 'off-boarding', name: 'Off-Boarding' },
      ],
    });
    expect(stages.status).toBe(200);
    for (const [name, stage] of [['Setting up access', 'access-setup'], ['Back for support', 'needs-support']]) {
      expect((await nina('POST', '/api/v1/clients', { name, stage })).status).toBe(201);
    }
    setClock(new Date());
    const card = (await nina('GET', '/api/v1/dashboard/kpis?period=7d&module=pipeline&kpi=active-onboardings')).body[0];
    const link = new URL(card.link, 'http://x');
    // Before: the fixed `onboarding,installation,audit` (2 rows fewer than the figure here).
    expect(link.searchParams.get('stage')).toBe('onboarding,access-setup,installation,audit,needs-support');
    expect(link.searchParams.get('asOf')).toBe(card.period.to);
    expect(card.value).toBeGreaterThanOrEqual(2);
    expect(await rowsBehind(card.link, 'nina')).toBe(card.value);
    const fixed = await rowsBehind('/pipeline?stage=onboarding,installation,audit&asOf=' + encodeURIComponent(card.period.to), 'nina');
    expect(fixed).toBe(card.value - 2);
    // Chase (default stages) keeps the default keys.
    const chaseCard = (await as('luke', 'GET', '/api/v1/dashboard/kpis?period=7d&module=pipeline&kpi=active-onboardings')).body[0];
    expect(new URL(chaseCard.link, 'http://x').searchParams.get('stage')).toBe('onboarding,installation,audit');
  });

  it('the SLA breaches card links to the breached tickets opened in its period', async () => {
    const card = (await as('luke', 'GET', '/api/v1/dashboard/kpis?period=30d&module=tickets&kpi=sla-breaches')).body[0];
    const link = new URL(card.link, 'http://x');
    expect(Object.fromEntries(link.searchParams)).toEqual({ sla: 'breached', in: 'created', from: card.period.from, to: card.period.to });
    const bad = await as('luke', 'GET', '/api/v1/tickets?in=created&from=2026-01-02&to=2026-01-01');
    expect(bad.status).toBe(422);
    expect(bad.body.data.map((d: { field: string }) => d.field)).toContain('to');
    expect((await as('luke', 'GET', '/api/v1/tickets?from=2026-01-01')).status).toBe(422);
  });
});

describe('pipeline on the platform clock', () => {
  it('days in stage, health and the stage-move time follow the SDK clock (a fixed clock holds)', async () => {
    at('2025-01-02T12:00:00Z');
    const client = (await as('josh', 'POST', '/api/v1/clients', { name: 'Clocked Ltd', stage: 'onboarding' })).body;
    expect(client).toMatchObject({ stageEnteredAt: '2025-01-02T12:00:00.000Z', createdAt: '2025-01-02T12:00:00.000Z', daysInStage: 0, health: 'green' });
    at('2025-01-10T12:00:00Z'); // 8 days: yellow (7)
    expect((await as('josh', 'GET', `/api/v1/clients/${client.id}`)).body).toMatchObject({ daysInStage: 8, health: 'yellow' });
    at('2025-01-17T12:00:00Z'); // 15 days: red (14), in the list's filter too
    expect((await as('josh', 'GET', `/api/v1/clients/${client.id}`)).body).toMatchObject({ daysInStage: 15, health: 'red' });
    const red = (await as('luke', 'GET', '/api/v1/clients?health=red&limit=100')).body.items.map((c: { id: string }) => c.id);
    expect(red).toContain(client.id);
    const moved = await as('josh', 'PATCH', `/api/v1/clients/${client.id}/stage`, { stage: 'installation' });
    expect(moved.body).toMatchObject({ stage: 'installation', stageEnteredAt: '2025-01-17T12:00:00.000Z', daysInStage: 0, health: 'green' });
  });
});
