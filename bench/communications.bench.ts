/**
 * Inbox: (1) ingest throughput through the Slack webhook end to end (signed HTTP request →
 * connector → communications.ingest → PostgreSQL), messages/s with 8 concurrent senders;
 * (2) the conversation list at depth inside a large generated inbox (CI: 100,000 messages;
 * COMMS_BENCH_MESSAGES=500000 for the size) as a ratio to page 1 (target ≤ 1.5);
 * (3) the needs-reply count at that size, as a ratio to page 1. Same run, same database.
 */
import path from 'node:path';
import pg from 'pg';
import { demo, listInstalledModules, loadModule, prepareDatabase, startEmbeddedPostgres } from '@audienceos/db';
import { sealToken } from '@audienceos/module-sdk';
import { createDatabase, dropDatabase } from '@audienceos/module-sdk/testing';
import { startApp } from '@audienceos/server';
import { slackSignature } from '../modules/connector-slack/src/signature';
import { startFakeSlack } from '../tests/support/fake-slack';

const MESSAGES = Number(process.env.COMMS_BENCH_MESSAGES ?? 100_000);
const PER_CONVERSATION = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const INGEST = Number(process.env.COMMS_BENCH_INGEST ?? 400);
const SECRET = 'bench-signing-secret';

async function timeIt(fn: () => Promise<unknown>, runs = RUNS): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: +samples[Math.floor(runs / 2)]!.toFixed(2), p95: +samples[Math.floor(runs * 0.95)]!.toFixed(2) };
}

/** Conversations with PER_CONVERSATION messages each, activity spread over a year with many ties (whole minutes). */
async function generate(client: pg.Client, messages: number): Promise<void> {
  const conversations = Math.ceil(messages / PER_CONVERSATION);
  for (let start = 0; start < conversations; start += 5000) {
    const end = Math.min(start + 5000, conversations) - 1;
    await client.query(
      `insert into communications.conversation (id, agency_id, source, external_id, channel, client_id, subject, status, last_direction,
          last_activity_at, last_inbound_at, waiting_since, preview, last_sender_name, message_count, created_at)
       select gen_random_uuid(), $1, case when g % 2 = 0 then 'slack' else 'gmail' end, 'bench-' || g, 'bench', ($4::uuid[])[1 + g % 8],
              'Generated thread ' || g, case when g % 5 = 0 then 'done' else 'open' end, case when g % 3 = 0 then 'outbound' else 'inbound' end,
              date_trunc('minute', now() - ((g * 37) % 525600 || ' minutes')::interval), now() - ((g * 37) % 525600 || ' minutes')::interval,
              null, 'Generated message', 'Client ' || g, ${PER_CONVERSATION}, now() - interval '1 year'
         from generate_series($2::int, $3::int) g`,
      [demo.chase.id, start, end, `{${demo.clientIds('chase-digital').join(',')}}`],
    );
    await client.query(
      `insert into communications.message (id, agency_id, conversation_id, source, external_id, direction, sender_name, sender_address, body_text,
          delivery_state, sent_at, created_at)
       select gen_random_uuid(), c.agency_id, c.id, c.source, c.external_id || '-' || i, case when i % 2 = 0 then 'outbound' else 'inbound' end,
              'Sender', 'sender@example.com', 'Generated body ' || i || ' of ' || c.external_id,
              case when i % 2 = 0 then 'sent' end, c.last_activity_at - (i || ' minutes')::interval, now()
         from communications.conversation c, generate_series(1, ${PER_CONVERSATION}) i
        where c.channel = 'bench' and c.external_id in (select 'bench-' || g from generate_series($1::int, $2::int) g)`,
      [start, end],
    );
  }
  await client.query('analyze communications.conversation; analyze communications.message');
}

async function run(): Promise<Record<string, unknown>> {
  let server = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!server) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(__dirname, '..', '.data', 'pg-bench'),
      port: 54349,
      database: 'postgres',
    });
    server = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const name = `aos_bench_inbox_${process.pid}`;
  const url = await createDatabase(server, name);
  const modules = listInstalledModules()
    .filter((p) => ['identity', 'pipeline', 'communications', 'connector-slack'].includes(p.module))
    .map((p) => loadModule(p));
  await prepareDatabase(url, modules, { seed: true });
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const slack = await startFakeSlack();
  const saved = {
    DATABASE_URL: process.env.DATABASE_URL,
    SLACK_SIGNING_SECRET: process.env.SLACK_SIGNING_SECRET,
    SLACK_API_URL: process.env.SLACK_API_URL,
  };
  Object.assign(process.env, { DATABASE_URL: url, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url });
  const app = await startApp({
    gateway: true,
    modules: modules.map((m) => m.name),
    transporter: null,
    gatewayConfig: { port: 0, host: '127.0.0.1', webRoot: null },
    logLevel: 'error',
    log: () => undefined,
  });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const base = app.url!.replace('localhost', '127.0.0.1');
    await raw.query(
      `insert into connector_slack.connection (agency_id, team_id, team_name, bot_user_id, token_sealed) values ($1, 'TBENCH', 'Bench', 'UBOT', $2)`,
      [demo.chase.id, sealToken('xoxb-bench', demo.chase.id)],
    );

    // (1) ingest through the webhook
    let next = 0;
    const sendOne = async (i: number) => {
      const ts = `${1_700_000_000 + i}.000001`;
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: 'TBENCH',
        event_id: `Ev${i}`,
        event: { type: 'message', channel: `CB${i % 50}`, user: `U${i % 20}`, text: `Bench message ${i}`, ts },
      });
      const at = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`${base}/api/v1/connectors/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': at,
          'x-slack-signature': slackSignature(SECRET, at, body),
        },
        body,
      });
      if (res.status !== 200) throw new Error(`ingest ${res.status}`);
    };
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < INGEST) await sendOne(next++);
      }),
    );
    const ingestMs = Date.now() - t0;

    // (2) and (3) at size
    const generatedAt = Date.now();
    await generate(raw, MESSAGES);
    const generateMs = Date.now() - generatedAt;
    const login = await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: demo.user('chase-digital', 'luke').email, password: demo.password() }),
      })
    ).json();
    const get = async (p: string) => {
      const res = await fetch(base + p, { headers: { authorization: `Bearer ${login.accessToken}` } });
      if (!res.ok) throw new Error(`${p}: ${res.status}`);
      return res.json();
    };
    // A cursor 90% deep: the row at that position, encoded as the SDK encodes its cursors.
    const conversations = Number(
      (await raw.query(`select count(*) from communications.conversation where agency_id = $1`, [demo.chase.id])).rows[0].count,
    );
    const deep = (
      await raw.query(
        `select id, last_activity_at from communications.conversation where agency_id = $1 order by last_activity_at desc, id desc offset $2 limit 1`,
        [demo.chase.id, Math.floor(conversations * 0.9)],
      )
    ).rows[0];
    const cursor = Buffer.from(JSON.stringify([{ d: new Date(deep.last_activity_at).toISOString() }, deep.id])).toString('base64url');
    const page1 = await timeIt(() => get('/api/v1/communications/conversations?limit=50'));
    const deepPage = await timeIt(() => get(`/api/v1/communications/conversations?limit=50&cursor=${cursor}`));
    const needsReplyPage = await timeIt(() => get('/api/v1/communications/conversations?limit=50&needsReply=true'));
    const counts = await timeIt(() => get('/api/v1/communications/counts'));
    return {
      ingest: { messages: INGEST, concurrency: 8, ms: ingestMs, messagesPerSecond: +((INGEST * 1000) / ingestMs).toFixed(1) },
      generated: { messages: MESSAGES, conversations, generateMs },
      runs: RUNS,
      listPage1Ms: page1,
      listDeepPageMs: {
        ...deepPage,
        depth: Math.floor(conversations * 0.9),
        ratioToPage1: +(deepPage.p50 / Math.max(page1.p50, 0.01)).toFixed(2),
        target: 1.5,
      },
      needsReplyPage1Ms: { ...needsReplyPage, ratioToPage1: +(needsReplyPage.p50 / Math.max(page1.p50, 0.01)).toFixed(2) },
      countsMs: { ...counts, ratioToPage1: +(counts.p50 / Math.max(page1.p50, 0.01)).toFixed(2) },
    };
  } finally {
    await raw.end();
    await app.broker.stop();
    await slack.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await dropDatabase(server, name);
    await stopEmbedded?.();
  }
}

export default { name: 'communications', run };
