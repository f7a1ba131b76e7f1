/**
 * A local fake of the Slack Web API (the provider is outside the product: the only mock the
 * tests use). It records calls and answers like Slack: HTTP 200 with `{ ok, … }`, or a
 * configured failure (`{ ok: false, error }` or an HTTP 5xx).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlack {
  url: string;
  calls: { method: string; body: Record<string, any>; token: string | null }[];
  /** Next chat.postMessage answers: `ok`, a Slack error code, or `http500`. */
  postMode: 'ok' | 'http500' | string;
  /** Every message Slack accepted (chat.postMessage), as conversations.replies/history answer them. */
  posted: { channel: string; thread_ts?: string; ts: string; text: string; client_msg_id?: string }[];
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  let seq = 0;
  const fake: FakeSlack = { url: '', calls: [], postMode: 'ok', posted: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\//, '').split('?')[0]!;
      // Write methods take JSON; read methods form-encoded bodies (as Slack).
      const body = !raw ? {} : /urlencoded/.test(req.headers['content-type'] ?? '') ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
      const auth = req.headers.authorization ?? null;
      fake.calls.push({ method, body, token: auth ? auth.replace(/^Bearer /, '') : null });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (method === 'oauth.v2.access')
        return send(200, { ok: true, access_token: 'xoxb-fake-token', bot_user_id: 'UBOT', team: { id: 'TCHASE', name: 'Chase Digital' } });
      if (method === 'users.info') return send(200, { ok: true, user: { id: body.user, profile: { real_name: `Person ${body.user}` } } });
      if (method === 'auth.revoke') return send(200, { ok: true, revoked: true });
      if (method === 'chat.postMessage') {
        if (fake.postMode === 'http500') return send(500, { ok: false });
        if (fake.postMode !== 'ok') return send(200, { ok: false, error: fake.postMode });
        const ts = `1900000000.${String(++seq).padStart(6, '0')}`;
        fake.posted.push({ channel: body.channel, thread_ts: body.thread_ts, ts, text: body.text, client_msg_id: body.client_msg_id });
        return send(200, { ok: true, channel: body.channel, ts });
      }
      if (method === 'conversations.replies' || method === 'conversations.history') {
        const messages = fake.posted.filter((m) => m.channel === body.channel && (method === 'conversations.history' || m.thread_ts === body.ts));
        return send(200, { ok: true, messages });
      }
      return send(200, { ok: false, error: 'unknown_method' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
