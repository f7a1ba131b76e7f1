/**
 * The inbox in the distributed run: the gateway, identity, communications and the Slack
 * connector each in their own OS process over the machine's NATS, one shared PostgreSQL.
 * A signed Slack event reaches the connector through the gateway and is ingested by
 * communications over the broker; a reply is delivered by communications' job through the
 * connector in the other process (the connector is found by its manifest in the registry).
 */
import { randomBytes } from 'node:crypto';
import { demo } from '@audienceos/db';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { slackSignature } from '../../modules/connector-slack/src/signature';
import { demoEmail, request } from '../support/app';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { eventually, freePort, natsAvailable, startModuleProcess, type ModuleProcess } from '../support/processes';

const SECRET = 'distributed-signing-secret';
let available = false;
let db: TestDatabase;
let base: string;
let slack: FakeSlack;
const processes: ModuleProcess[] = [];
const namespace = `distinbox-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  available = await natsAvailable();
  if (!available) return;
  db = await freshDatabase();
  slack = await startFakeSlack();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, SLACK_CLIENT_ID: 'cid', SLACK_CLIENT_SECRET: 'cs' };
  processes.push(
    ...(await Promise.all([
      startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port }),
      startModuleProcess(['identity'], { databaseUrl: db.url, namespace }),
      startModuleProcess(['communications'], { databaseUrl: db.url, namespace }),
      startModuleProcess(['connector-slack'], { databaseUrl: db.url, namespace, env }),
    ])),
  );
}, 120000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await slack?.close();
  await db?.drop();
});

const natsIt = (name: string, fn: () => Promise<void>) =>
  it(
    name,
    async () => {
      if (!available) return console.warn('NATS is not reachable: distributed inbox test not run');
      await fn();
    },
    90000,
  );

async function login(handle: string): Promise<string> {
  return eventually(async () => {
    const res = await request(base, 'POST', '/api/v1/auth/login', { body: { email: demoEmail(handle), password: demo.password() } });
    if (res.status !== 200) throw new Error(`login ${res.status}`);
    return res.body.accessToken as string;
  }, 20000);
}

describe('communications and the Slack connector as their own processes', () => {
  natsIt('ingest a signed event and deliver a reply across processes', async () => {
    const luke = await login('luke');
    const connect = await eventually(async () => {
      const res = await request(base, 'GET', '/api/v1/connectors/slack/connect', { token: luke });
      if (res.status !== 200) throw new Error(`connect ${res.status}`);
      return res.body as { url: string };
    }, 20000);
    const state = new URL(connect.url).searchParams.get('state')!;
    const cb = await fetch(`${base}/api/v1/connectors/slack/oauth/callback?code=x&state=${encodeURIComponent(state)}`, {
      redirect: 'manual',
    });
    expect(cb.status).toBe(302);

    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    const raw = JSON.stringify({
      type: 'event_callback',
      team_id: 'TCHASE',
      event_id: 'EvDist',
      event: { type: 'message', channel: 'CDIST', user: 'UCLIENT', text: 'Across processes', ts },
    });
    const at = String(Math.floor(Date.now() / 1000));
    const ingested = await fetch(`${base}/api/v1/connectors/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': at,
        'x-slack-signature': slackSignature(SECRET, at, raw),
      },
      body: raw,
    });
    expect(ingested.status).toBe(200);

    const josh = await login('josh');
    const conversation = await eventually(async () => {
      const res = await request(base, 'GET', '/api/v1/communications/conversations?source=slack&limit=5', { token: josh });
      const found = res.body.items?.find((c: { preview: string }) => c.preview === 'Across processes');
      if (!found) throw new Error('not ingested yet');
      return found as { id: string; needsReply: boolean };
    }, 20000);
    expect(conversation.needsReply).toBe(true);
    const reply = await request(base, 'POST', `/api/v1/communications/conversations/${conversation.id}/replies`, {
      token: josh,
      body: { text: 'Answered from another process' },
    });
    expect(reply.status).toBe(201);
    await eventually(async () => {
      const res = await request(base, 'GET', `/api/v1/communications/conversations/${conversation.id}/messages`, { token: josh });
      const m = res.body.items.find((x: { id: string }) => x.id === reply.body.id);
      if (m?.deliveryState !== 'sent') throw new Error(`state ${m?.deliveryState}`);
    }, 30000);
    expect(slack.calls.some((c) => c.method === 'chat.postMessage' && c.body.thread_ts === ts)).toBe(true);
    const nina = await login('nina');
    expect((await request(base, 'GET', `/api/v1/communications/conversations/${conversation.id}`, { token: nina })).status).toBe(404);
  });
});
