/**
 * Tickets over HTTP against PostgreSQL: race-free numbering, idempotent creates, the status
 * flow and its errors, SLA computation, member scoping, tenant isolation and validation.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { demo, signCaller } from '@audienceos/module-sdk';
import { setClock } from '@audienceos/module-sdk/testing';
import { startTestApp, type TestApp } from '../support/app';

const chaseClients = demo.clientIds('chase-digital');
const northwindClients = demo.clientIds('northwind-media');
const chaseUser = (handle: string) => demo.user('chase-digital', handle);
// Jeff (member) is granted Chase clients 1, 3, 5 (write) and 6 (read) by the identity seed.
const JEFF_WRITE = chaseClients[1]!;
const JEFF_READ_ONLY = chaseClients[6]!;
const NOT_JEFFS = chaseClients[0]!;

let t: TestApp;
let db: pg.Client;
beforeAll(async () => {
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.stop();
});

async function as(handle: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  return t.request(method, `/api/v1/tickets${path}`, { token: await t.login(handle), body, headers });
}

async function create(handle: string, body: Record<string, unknown>, headers?: Record<string, string>) {
  return as(handle, 'POST', '', { title: 'Pixel not firing', clientId: chaseClients[0], ...body }, headers);
}

async function createOk(handle: string, body: Record<string, unknown> = {}) {
  const res = await create(handle, body);
  expect(res.status).toBe(201);
  return res.body;
}

const counterOf = async (agencyId: string) =>
  Number((await db.query('select last_number from tickets.ticket_counter where agency_id = $1', [agencyId])).rows[0]?.last_number ?? 0);
const ticketCount = async () => Number((await db.query('select count(*) from tickets.ticket')).rows[0].count);

describe('numbering', () => {
  it('the seed leaves the counter at the highest seeded number', async () => {
    const top = await as('luke', 'GET', '?sort=number&order=desc&limit=1');
    expect(top.status).toBe(200);
    expect(top.body.items[0].number).toBe(await counterOf(demo.chase.id));
    expect(await counterOf(demo.chase.id)).toBeGreaterThanOrEqual(25);
  });

  it('50 concurrent creates in one agency get consecutive numbers, no gap, no duplicate; agencies number independently', async () => {
    const chaseStart = await counterOf(demo.chase.id);
    const northwindStart = await counterOf(demo.northwind.id);
    await t.login('josh');
    await t.login('nina');
    const chase = Array.from({ length: 50 }, (_, i) => create('josh', { title: `Concurrent ${i}` }));
    const northwind = Array.from({ length: 5 }, (_, i) => as('nina', 'POST', '', { title: `NW ${i}`, clientId: northwindClients[0] }));
    const [chaseRes, northwindRes] = await Promise.all([Promise.all(chase), Promise.all(northwind)]);
    expect(chaseRes.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(northwindRes.map((r) => r.status)).toEqual(Array(5).fill(201));
    const numbers = chaseRes.map((r) => r.body.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => chaseStart + 1 + i));
    expect(northwindRes.map((r) => r.body.number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 5 }, (_, i) => northwindStart + 1 + i),
    );
    expect(await counterOf(demo.chase.id)).toBe(chaseStart + 50);
  });

  it('a create that fails after validation leaves no gap', async () => {
    const before = await counterOf(demo.chase.id);
    expect((await create('josh', { clientId: randomUUID() })).status).toBe(422);
    const next = await createOk('josh');
    expect(next.number).toBe(before + 1);
  });
});

describe('idempotent create', () => {
  it('the same key twice makes one ticket; the same key with another body is refused (422)', async () => {
    const key = randomUUID();
    const before = await ticketCount();
    const first = await create('josh', { title: 'Invoice question' }, { 'Idempotency-Key': key });
    const again = await create('josh', { title: 'Invoice question' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.number).toBe(first.body.number);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await create('josh', { title: 'Something else' }, { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ticketCount()).toBe(before + 1);
  });

  it('concurrent retries with one key make one ticket', async () => {
    const key = randomUUID();
    const before = await ticketCount();
    const all = await Promise.all(Array.from({ length: 5 }, () => create('josh', { title: 'Retry storm' }, { 'Idempotency-Key': key })));
    expect(new Set(all.map((r) => r.body.id)).size).toBe(1);
    expect(await ticketCount()).toBe(before + 1);
  });
});

describe('create and read', () => {
  it('creates with defaults, SLA targets from the policy, a timeline line and a durable event', async () => {
    const ticket = await createOk('josh', { priority: 'critical', category: 'technical', description: 'Purchase events missing' });
    expect(ticket).toMatchObject({
      status: 'new',
      priority: 'critical',
      category: 'technical',
      clientId: chaseClients[0],
      createdBy: chaseUser('josh').id,
      assigneeId: null,
      timeSpentMinutes: 0,
      firstResponseAt: null,
    });
    expect(ticket.sla.firstResponse).toMatchObject({ target: 60, met: false, breached: false });
    expect(ticket.sla.resolution).toMatchObject({ target: 480, met: false, breached: false });
    expect(ticket.sla.firstResponse.remainingMinutes).toBeGreaterThanOrEqual(59);
    expect(ticket.sla.state).toBe('ok');
    expect((await as('josh', 'GET', `/${ticket.id}`)).body.number).toBe(ticket.number);
    const activity = await as('josh', 'GET', `/${ticket.id}/activity`);
    expect(activity.body.items.map((a: { kind: string }) => a.kind)).toEqual(['created']);
    const { rows } = await db.query(`select topic from tickets.outbox where payload->'data'->>'ticketId' = $1`, [ticket.id]);
    expect(rows.map((r) => r.topic)).toEqual(['tickets.ticket.created']);
  });

  it('an unknown client and another agency’s client are refused with 422 on clientId, nothing written', async () => {
    const before = await ticketCount();
    for (const clientId of [randomUUID(), northwindClients[0]]) {
      const res = await create('josh', { clientId });
      expect(res.status).toBe(422);
      expect(res.body.data).toEqual([expect.objectContaining({ field: 'clientId' })]);
    }
    expect(await ticketCount()).toBe(before);
  });

  it('validates the assignee against the agency’s people', async () => {
    const nina = demo.user('northwind-media', 'nina').id;
    const res = await create('josh', { assigneeId: nina });
    expect(res.status).toBe(422);
    expect(res.body.data[0].field).toBe('assigneeId');
    const ok = await createOk('josh', { assigneeId: chaseUser('jeff').id });
    expect(ok.assigneeId).toBe(chaseUser('jeff').id);
  });
});

describe('validation never 500', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['bad priority', { priority: 'urgent' }, 'priority'],
    ['bad category', { category: 'sales' }, 'category'],
    ['bad client uuid', { clientId: 'not-a-uuid' }, 'clientId'],
    ['unknown field', { agencyId: demo.northwind.id }, 'agencyId'],
    ['empty title', { title: '   ' }, 'title'],
    ['bad date', { dueAt: 'tomorrow' }, 'dueAt'],
    ['impossible date', { dueAt: '2025-02-31T99:99' }, 'dueAt'],
    ['status on create', { status: 'resolved' }, 'status'],
  ];
  it.each(cases)('create: %s → 422 on the field, nothing written', async (_name, body, field) => {
    const before = await ticketCount();
    const res = await create('josh', body);
    expect(res.status).toBe(422);
    expect(res.body.data.map((d: { field: string }) => d.field)).toContain(field);
    expect(await ticketCount()).toBe(before);
  });

  it('routes with bad ids, bad enums and unknown fields answer 422 with field details', async () => {
    const ticket = await createOk('josh');
    const checks: [string, string, unknown, string][] = [
      ['GET', '/not-a-uuid', undefined, 'id'],
      ['PATCH', '/not-a-uuid', { title: 'x' }, 'id'],
      ['PATCH', `/${ticket.id}`, { priority: 'urgent' }, 'priority'],
      ['PATCH', `/${ticket.id}`, { number: 1 }, 'number'],
      ['PATCH', `/${ticket.id}/status`, { status: 'closed' }, 'status'],
      ['POST', `/${ticket.id}/notes`, { body: 'x', visibility: 'public' }, 'visibility'],
      ['POST', `/${ticket.id}/notes`, { body: '' }, 'body'],
      ['POST', `/${ticket.id}/time`, { minutes: -5 }, 'minutes'],
      ['POST', `/${ticket.id}/time`, { minutes: 'lots' }, 'minutes'],
      ['GET', '?status=closed', undefined, 'status'],
      ['GET', '?priority=high,urgent', undefined, 'priority'],
      ['GET', '?assignee=someone', undefined, 'assignee'],
      ['GET', '?sla=late', undefined, 'sla'],
      ['GET', '?sort=title', undefined, 'sort'],
      ['GET', '?client=42', undefined, 'client'],
      ['GET', '?cursor=garbage', undefined, 'cursor'],
    ];
    for (const [method, path, body, field] of checks) {
      const res = await as('josh', method, path, body);
      // A cursor we did not make is 400 INVALID_CURSOR (issue 8); field problems are 422.
      expect({ method, path, status: res.status }).toEqual({ method, path, status: field === 'cursor' ? 400 : 422 });
      expect(res.body.data.map((d: { field: string }) => d.field)).toContain(field);
    }
    const after = (await as('josh', 'GET', `/${ticket.id}`)).body;
    expect(after).toMatchObject({ priority: ticket.priority, status: 'new', timeSpentMinutes: 0 });
  });
});

describe('status flow', () => {
  it('moves through the open statuses, records the timeline and the first response', async () => {
    const ticket = await createOk('josh', { priority: 'high' });
    const moved = await as('jeff', 'PATCH', `/${ticket.id}/status`, { status: 'in_progress' });
    // Jeff may not see client 0: 404, not 403
    expect(moved.status).toBe(404);
    const res = await as('josh', 'PATCH', `/${ticket.id}/status`, { status: 'in_progress' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('in_progress');
    expect(res.body.firstResponseAt).not.toBeNull();
    expect(res.body.sla.firstResponse).toMatchObject({ met: true, breached: false, remainingMinutes: null });
    expect((await as('josh', 'PATCH', `/${ticket.id}/status`, { status: 'waiting_client' })).body.status).toBe('waiting_client');
    const activity = (await as('josh', 'GET', `/${ticket.id}/activity`)).body.items;
    expect(activity.map((a: { kind: string; data: { to?: string } }) => `${a.kind}:${a.data.to ?? ''}`)).toEqual([
      'created:',
      'status:in_progress',
      'status:waiting_client',
    ]);
  });

  it('refuses illegal transitions with clear messages', async () => {
    const ticket = await createOk('josh');
    const noNotes = await as('josh', 'POST', `/${ticket.id}/resolve`, {});
    expect(noNotes.status).toBe(422);
    expect(noNotes.body.data[0].field).toBe('resolutionNotes');
    expect(noNotes.body.message).toMatch(/resolution notes are required/i);
    const blank = await as('josh', 'POST', `/${ticket.id}/resolve`, { resolutionNotes: '   ' });
    expect(blank.status).toBe(422);
    const viaStatus = await as('josh', 'PATCH', `/${ticket.id}/status`, { status: 'resolved' });
    expect(viaStatus.status).toBe(422);
    expect(viaStatus.body.data[0].field).toBe('resolutionNotes');
    const reopenOpen = await as('josh', 'POST', `/${ticket.id}/reopen`, {});
    expect(reopenOpen.status).toBe(409);
    expect(reopenOpen.body.type).toBe('TICKET_NOT_RESOLVED');
    expect(reopenOpen.body.message).toMatch(/not resolved/);
    expect((await as('josh', 'GET', `/${ticket.id}`)).body.status).toBe('new');
  });

  it('resolves with notes, refuses a second resolve, reopens, and emits the durable events', async () => {
    const ticket = await createOk('josh', { assigneeId: chaseUser('josh').id });
    const resolved = await as('josh', 'POST', `/${ticket.id}/resolve`, { resolutionNotes: 'Re-added the pixel in GTM' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolutionNotes: 'Re-added the pixel in GTM',
      resolvedBy: chaseUser('josh').id,
    });
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect(resolved.body.sla.resolution).toMatchObject({ met: true, breached: false });
    const again = await as('josh', 'POST', `/${ticket.id}/resolve`, { resolutionNotes: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('TICKET_ALREADY_RESOLVED');
    const reopened = await as('josh', 'POST', `/${ticket.id}/reopen`, { reason: 'Still missing on mobile' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', resolvedAt: null, resolutionNotes: null });
    // PATCH status to resolved with notes resolves too; leaving resolved through PATCH is a reopen.
    expect((await as('josh', 'PATCH', `/${ticket.id}/status`, { status: 'resolved', resolutionNotes: 'Fixed for good' })).body.status).toBe(
      'resolved',
    );
    expect((await as('josh', 'PATCH', `/${ticket.id}/status`, { status: 'waiting_client' })).body.status).toBe('waiting_client');
    const { rows } = await db.query(`select topic from tickets.outbox where payload->'data'->>'ticketId' = $1 order by created_at`, [
      ticket.id,
    ]);
    const topics = rows.map((r) => r.topic);
    expect(topics.filter((x) => x === 'tickets.ticket.resolved')).toHaveLength(2);
    expect(topics.filter((x) => x === 'tickets.ticket.reopened')).toHaveLength(2);
    expect(topics).toContain('tickets.ticket.assigned');
    expect(topics).toContain('tickets.ticket.statusChanged');
  });

  it('edits fields; a priority change moves the SLA deadlines; assignment is recorded', async () => {
    const ticket = await createOk('josh', { priority: 'low' });
    expect(ticket.sla.resolution.target).toBe(120 * 60);
    const res = await as('josh', 'PATCH', `/${ticket.id}`, {
      priority: 'critical',
      assigneeId: chaseUser('garrett').id,
      title: 'Checkout pixel down',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ priority: 'critical', assigneeId: chaseUser('garrett').id, title: 'Checkout pixel down' });
    expect(res.body.sla.resolution.target).toBe(480);
    const kinds = (await as('josh', 'GET', `/${ticket.id}/activity`)).body.items.map((a: { kind: string }) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(['updated', 'priority', 'assignee']));
    const unassign = await as('josh', 'PATCH', `/${ticket.id}`, { assigneeId: null });
    expect(unassign.body.assigneeId).toBeNull();
  });
});

describe('notes and time', () => {
  it('notes are internal by default; a client-visible note is the first response', async () => {
    const ticket = await createOk('josh');
    const internal = await as('josh', 'POST', `/${ticket.id}/notes`, { body: 'Checked GTM: tag paused' });
    expect(internal.status).toBe(201);
    expect(internal.body.note.visibility).toBe('internal');
    expect(internal.body.ticket.firstResponseAt).toBeNull();
    const external = await as('josh', 'POST', `/${ticket.id}/notes`, { body: 'We are on it', visibility: 'client' });
    expect(external.body.ticket.firstResponseAt).not.toBeNull();
    const notes = (await as('josh', 'GET', `/${ticket.id}/notes`)).body.items;
    expect(notes.map((n: { body: string; visibility: string }) => [n.body, n.visibility])).toEqual([
      ['Checked GTM: tag paused', 'internal'],
      ['We are on it', 'client'],
    ]);
  });

  it('logs time and sums it on the ticket', async () => {
    const ticket = await createOk('josh');
    await as('josh', 'POST', `/${ticket.id}/time`, { minutes: 30, note: 'Diagnosis' });
    const res = await as('josh', 'POST', `/${ticket.id}/time`, { minutes: 45 });
    expect(res.status).toBe(201);
    expect(res.body.ticket.timeSpentMinutes).toBe(75);
    const time = (await as('josh', 'GET', `/${ticket.id}/activity`)).body.items.filter((a: { kind: string }) => a.kind === 'time');
    expect(time.map((a: { data: { minutes: number } }) => a.data.minutes)).toEqual([30, 45]);
  });
});

describe('SLA', () => {
  // A Tuesday, 10:00 in New York (Chase's zone): inside business hours, so targets run in real minutes.
  beforeEach(() => setClock(new Date('2026-03-03T15:00:00Z')));
  afterEach(() => setClock(null));

  async function backdate(id: string, minutes: number) {
    await db.query(
      `update tickets.ticket set created_at = created_at - make_interval(mins => $2), first_response_due_at = first_response_due_at - make_interval(mins => $2),
         resolution_due_at = resolution_due_at - make_interval(mins => $2) where id = $1`,
      [id, minutes],
    );
  }

  it('computes breach and at-risk states and filters on them', async () => {
    const breached = await createOk('josh', { priority: 'critical', title: 'Breach me' });
    await backdate(breached.id, 90); // first response target 60 min: 30 min late
    const atRisk = await createOk('josh', { priority: 'critical', title: 'Nearly late' });
    await backdate(atRisk.id, 50); // 10 of 60 minutes left (≤ 25%)
    const fine = await createOk('josh', { priority: 'low', title: 'Fine' });

    const b = (await as('josh', 'GET', `/${breached.id}`)).body;
    expect(b.sla.state).toBe('breached');
    expect(b.sla.firstResponse.breached).toBe(true);
    expect(b.sla.firstResponse.remainingMinutes).toBeLessThan(0);
    expect(b.sla.resolution.breached).toBe(false);
    expect((await as('josh', 'GET', `/${atRisk.id}`)).body.sla.state).toBe('at_risk');

    const breachedList = (await as('josh', 'GET', '?sla=breached&limit=100')).body.items.map((i: { id: string }) => i.id);
    expect(breachedList).toContain(breached.id);
    expect(breachedList).not.toContain(atRisk.id);
    expect(breachedList).not.toContain(fine.id);
    const riskList = (await as('josh', 'GET', '?sla=at_risk&limit=100')).body.items.map((i: { id: string }) => i.id);
    expect(riskList).toContain(atRisk.id);
    expect(riskList).not.toContain(breached.id);
    for (const item of (await as('josh', 'GET', '?sla=breached&limit=100')).body.items) expect(item.sla.state).toBe('breached');

    // Responding late keeps the breach on record
    const late = await as('josh', 'PATCH', `/${breached.id}/status`, { status: 'in_progress' });
    expect(late.body.sla.firstResponse).toMatchObject({ met: false, breached: true, remainingMinutes: null });
  });

  it('the seed contains breached tickets', async () => {
    // The seed is dated from the real clock, so this reads it with the real clock (the seed keeps
    // at least three tickets breached whatever weekday it runs on).
    setClock(null);
    const res = await as('luke', 'GET', '?sla=breached&limit=100');
    expect(res.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('policy: everyone reads it, only owner/admin change it, new tickets follow it', async () => {
    const policy = await as('jeff', 'GET', '/sla-policy');
    expect(policy.status).toBe(200);
    expect(policy.body.policy.critical).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 480 });
    expect(policy.body.policy.low).toEqual({ firstResponseMinutes: 1440, resolutionMinutes: 7200 });
    const body = { policy: { high: { firstResponseMinutes: 120, resolutionMinutes: 720 } } };
    expect((await as('josh', 'PUT', '/sla-policy', body)).status).toBe(403);
    expect(
      (await as('luke', 'PUT', '/sla-policy', { policy: { high: { firstResponseMinutes: 120, resolutionMinutes: 60 } } })).status,
    ).toBe(422);
    expect((await as('luke', 'PUT', '/sla-policy', { policy: { urgent: { firstResponseMinutes: 1, resolutionMinutes: 2 } } })).status).toBe(
      422,
    );
    const saved = await as('luke', 'PUT', '/sla-policy', body);
    expect(saved.status).toBe(200);
    expect(saved.body.policy.high).toEqual({ firstResponseMinutes: 120, resolutionMinutes: 720 });
    expect(saved.body.policy.medium).toEqual({ firstResponseMinutes: 480, resolutionMinutes: 4320 });
    const ticket = await createOk('josh', { priority: 'high' });
    expect(ticket.sla.firstResponse.target).toBe(120);
    // Northwind keeps the defaults
    expect((await as('nina', 'GET', '/sla-policy')).body.policy.high).toEqual({ firstResponseMinutes: 240, resolutionMinutes: 1440 });
  });
});

describe('lists', () => {
  it('filters by status, priority, category, assignee (me, unassigned), client, text; sorts; pages with a cursor', async () => {
    const josh = chaseUser('josh').id;
    const mine = await createOk('josh', { assigneeId: josh, priority: 'high', category: 'billing', title: 'Zebra invoice 50% off' });
    const list = async (q: string) => (await as('josh', 'GET', `?limit=100&${q}`)).body.items as { id: string; [k: string]: unknown }[];
    expect((await list('assignee=me')).every((i) => i.assigneeId === josh)).toBe(true);
    expect((await list('assignee=me')).map((i) => i.id)).toContain(mine.id);
    expect((await list('assignee=unassigned')).every((i) => i.assigneeId === null)).toBe(true);
    expect((await list('status=new,in_progress')).every((i) => ['new', 'in_progress'].includes(i.status as string))).toBe(true);
    expect((await list('status=open')).every((i) => i.status !== 'resolved')).toBe(true);
    expect((await list('status=resolved')).length).toBeGreaterThan(5);
    expect((await list('priority=high&category=billing')).every((i) => i.priority === 'high' && i.category === 'billing')).toBe(true);
    expect((await list(`client=${chaseClients[3]}`)).every((i) => i.clientId === chaseClients[3])).toBe(true);
    expect((await list('q=zebra%20invoice%2050%25')).map((i) => i.id)).toEqual([mine.id]);
    expect((await list(`q=%23${mine.number}`)).map((i) => i.id)).toEqual([mine.id]);
    const overdue = await list('overdue=true');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((i) => i.overdue === true)).toBe(true);

    const byPriority = await list('sort=priority&order=desc');
    const ranks = byPriority.map((i) => ['low', 'medium', 'high', 'critical'].indexOf(i.priority as string));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string; number: number }[]; nextCursor: string | null } } = await as(
        'josh',
        'GET',
        `?limit=7&sort=number&order=asc${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(
      Number((await db.query('select count(*) from tickets.ticket where agency_id = $1', [demo.chase.id])).rows[0].count),
    );
  });
});

describe('board', () => {
  it('answers one column per status with its count and first cards, with the list filters and scoping', async () => {
    const board = await as('luke', 'GET', '/board?perStatus=5');
    expect(board.status).toBe(200);
    expect(board.body.columns.map((c: { status: string }) => c.status)).toEqual(['new', 'in_progress', 'waiting_client', 'resolved']);
    for (const column of board.body.columns) {
      const expected = Number(
        (await db.query('select count(*) from tickets.ticket where agency_id = $1 and status = $2', [demo.chase.id, column.status])).rows[0]
          .count,
      );
      expect(column.count).toBe(expected);
      expect(column.items.length).toBe(Math.min(5, expected));
      expect(column.items.every((t: { status: string }) => t.status === column.status)).toBe(true);
    }
    const open = await as('luke', 'GET', '/board?status=open&priority=critical');
    expect(open.body.columns.map((c: { status: string }) => c.status)).toEqual(['new', 'in_progress', 'waiting_client']);
    expect(
      open.body.columns
        .flatMap((c: { items: { priority: string }[] }) => c.items)
        .every((t: { priority: string }) => t.priority === 'critical'),
    ).toBe(true);
    const jeff = await as('jeff', 'GET', '/board');
    const granted = [chaseClients[1], chaseClients[3], chaseClients[5], chaseClients[6]];
    expect(
      jeff.body.columns
        .flatMap((c: { items: { clientId: string }[] }) => c.items)
        .every((t: { clientId: string }) => granted.includes(t.clientId)),
    ).toBe(true);
    expect((await as('josh', 'GET', '/board?status=closed')).status).toBe(422);
  });
});

describe('member scoping (Jeff)', () => {
  it('lists only the tickets of granted clients', async () => {
    const items = (await as('jeff', 'GET', '?limit=100')).body.items as { clientId: string }[];
    expect(items.length).toBeGreaterThan(0);
    const granted = [chaseClients[1], chaseClients[3], chaseClients[5], chaseClients[6]];
    expect(items.every((i) => granted.includes(i.clientId))).toBe(true);
  });

  it('404 on tickets of other clients, 403 on changes to read-only clients, 422 when creating for them', async () => {
    const hidden = await createOk('josh', { clientId: NOT_JEFFS });
    expect((await as('jeff', 'GET', `/${hidden.id}`)).status).toBe(404);
    expect((await as('jeff', 'GET', `/${hidden.id}/activity`)).status).toBe(404);
    expect((await as('jeff', 'POST', `/${hidden.id}/notes`, { body: 'hi' })).status).toBe(404);

    const readOnly = await createOk('josh', { clientId: JEFF_READ_ONLY });
    expect((await as('jeff', 'GET', `/${readOnly.id}`)).status).toBe(200);
    const refused = await as('jeff', 'PATCH', `/${readOnly.id}/status`, { status: 'in_progress' });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('CLIENT_READ_ONLY');

    const notGranted = await create('jeff', { clientId: NOT_JEFFS });
    expect(notGranted.status).toBe(422);
    expect(notGranted.body.data[0].field).toBe('clientId');
    expect((await create('jeff', { clientId: JEFF_READ_ONLY })).status).toBe(422);

    const own = await create('jeff', { clientId: JEFF_WRITE });
    expect(own.status).toBe(201);
    expect((await as('jeff', 'POST', `/${own.body.id}/resolve`, { resolutionNotes: 'Done' })).status).toBe(200);
  });

  it('members cannot delete or change the SLA policy', async () => {
    const own = await createOk('jeff', { clientId: JEFF_WRITE });
    expect((await as('jeff', 'DELETE', `/${own.id}`)).status).toBe(403);
    expect((await as('garrett', 'DELETE', `/${own.id}`)).status).toBe(204);
    expect((await as('garrett', 'GET', `/${own.id}`)).status).toBe(404);
  });
});

describe('tenant isolation', () => {
  it("Northwind's token on Chase ticket ids → 404 on every route, nothing changed", async () => {
    const ticket = await createOk('josh');
    const routes: [string, string, unknown][] = [
      ['GET', `/${ticket.id}`, undefined],
      ['PATCH', `/${ticket.id}`, { title: 'Hijacked' }],
      ['PATCH', `/${ticket.id}/status`, { status: 'in_progress' }],
      ['POST', `/${ticket.id}/resolve`, { resolutionNotes: 'x' }],
      ['POST', `/${ticket.id}/reopen`, {}],
      ['GET', `/${ticket.id}/notes`, undefined],
      ['POST', `/${ticket.id}/notes`, { body: 'hello' }],
      ['POST', `/${ticket.id}/time`, { minutes: 5 }],
      ['GET', `/${ticket.id}/activity`, undefined],
      ['DELETE', `/${ticket.id}`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const res = await as('nina', method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(res.body.type).toBe('TICKET_NOT_FOUND');
    }
    const after = (await as('josh', 'GET', `/${ticket.id}`)).body;
    expect(after).toMatchObject({ title: ticket.title, status: 'new', timeSpentMinutes: 0 });
    const ninaList = (await as('nina', 'GET', '?limit=100')).body.items as { id: string; clientId: string }[];
    expect(ninaList.every((i) => northwindClients.includes(i.clientId))).toBe(true);
  });
});

describe('KPIs', () => {
  const call = (handle: string, params: Record<string, unknown>) => {
    const agency = demo.agencies.find((a) => a.users.some((u) => u.handle === handle))!;
    const user = agency.users.find((u) => u.handle === handle)!;
    return t.app.broker.call('tickets.kpi', params, {
      meta: signCaller({ id: user.id, agencyId: agency.id, role: user.role }),
    }) as Promise<{
      value: number;
      series: { date: string; value: number }[];
    }>;
  };
  // the period ends a minute from now so that the tickets created by the tests above count
  const to = () => new Date(Date.now() + 60_000).toISOString();
  const from = new Date(Date.now() - 90 * 86_400_000).toISOString();

  it('answers every declared KPI with a value, a series and a link', async () => {
    const modules = await t.request('GET', '/api/v1/modules', { token: await t.login('luke') });
    const manifest = modules.body.modules.find((m: { module: string }) => m.module === 'tickets');
    expect(manifest.ui).toMatchObject({
      remote: 'aos_tickets',
      exposes: ['./config', './App'],
      nav: { path: '/tickets', group: 'operations', order: 30 },
    });
    expect(manifest.kpis.map((k: { id: string }) => k.id)).toEqual([
      'open-tickets',
      'support-hours',
      'avg-resolution-time',
      'sla-breaches',
      'first-response-time',
    ]);
    for (const k of manifest.kpis) {
      const res = await call('luke', { id: k.id, from, to: to() });
      expect(typeof res.value).toBe('number');
      expect(Array.isArray(res.series)).toBe(true);
      expect(typeof k.link).toBe('string');
    }
  });

  it('computes figures from the data', async () => {
    const open = Number(
      (await db.query(`select count(*) from tickets.ticket where agency_id = $1 and status <> 'resolved'`, [demo.chase.id])).rows[0].count,
    );
    expect((await call('luke', { id: 'open-tickets', from, to: to() })).value).toBe(open);
    const minutes = Number(
      (
        await db.query(
          `select coalesce(sum(minutes), 0) as m from tickets.time_entry where agency_id = $1 and spent_at >= $2 and spent_at < $3`,
          [demo.chase.id, from, to()],
        )
      ).rows[0].m,
    );
    expect((await call('luke', { id: 'support-hours', from, to: to() })).value).toBeCloseTo(minutes / 60, 1);
    expect((await call('luke', { id: 'sla-breaches', from, to: to() })).value).toBeGreaterThan(0);
    expect((await call('luke', { id: 'avg-resolution-time', from, to: to() })).value).toBeGreaterThan(0);
    expect((await call('luke', { id: 'first-response-time', from, to: to() })).value).toBeGreaterThan(0);
    const jeff = await call('jeff', { id: 'open-tickets', from, to: to() });
    expect(jeff.value).toBeLessThan(open);
    await expect(call('luke', { id: 'nope', from, to: to() })).rejects.toMatchObject({ code: 422 });
  });
});
