/**
 * A local fake of Google's token endpoint and the Gmail API (the provider is outside the
 * product: the only mock the tests use): a mailbox with a history log, messages in Gmail's
 * `format=full` shape, and `messages/send` that records the raw RFC 5322 message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMail {
  from: string;
  to: string;
  subject: string;
  text?: string;
  html?: string;
  messageId: string;
  references?: string;
  attachment?: { name: string; size: number };
}

export interface FakeGmail {
  url: string;
  email: string;
  sent: { raw: string; threadId: string }[];
  /** Add a message to a thread; returns its Gmail id (the history moves on). */
  deliver(threadId: string, mail: FakeMail): string;
  close(): Promise<void>;
}

export async function startFakeGmail(email = 'inbox@chasedigital.agency'): Promise<FakeGmail> {
  let historyId = 100;
  let seq = 0;
  const history: { id: number; messageId: string }[] = [];
  const messages = new Map<string, unknown>();
  const fake: FakeGmail = {
    url: '',
    email,
    sent: [],
    deliver(threadId, mail) {
      const id = `m${++seq}`;
      const b64 = (s: string) => Buffer.from(s).toString('base64url');
      const parts = [
        ...(mail.text ? [{ mimeType: 'text/plain', body: { data: b64(mail.text) } }] : []),
        ...(mail.html ? [{ mimeType: 'text/html', body: { data: b64(mail.html) } }] : []),
        ...(mail.attachment
          ? [
              {
                mimeType: 'application/pdf',
                filename: mail.attachment.name,
                body: { attachmentId: `att-${id}`, size: mail.attachment.size },
              },
            ]
          : []),
      ];
      messages.set(id, {
        id,
        threadId,
        labelIds: ['INBOX'],
        internalDate: String(Date.now()),
        payload: {
          mimeType: 'multipart/mixed',
          headers: [
            { name: 'From', value: mail.from },
            { name: 'To', value: mail.to },
            { name: 'Subject', value: mail.subject },
            { name: 'Message-ID', value: mail.messageId },
            ...(mail.references ? [{ name: 'References', value: mail.references }] : []),
          ],
          parts,
        },
      });
      history.push({ id: ++historyId, messageId: id });
      return id;
    },
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (url.pathname === '/token') return send(200, { access_token: 'ya29.fake', refresh_token: '1//fake-refresh', expires_in: 3600 });
      if (url.pathname === '/revoke') return send(200, {});
      if (req.headers.authorization !== 'Bearer ya29.fake') return send(401, { error: 'unauthenticated' });
      if (url.pathname === '/gmail/v1/users/me/profile') return send(200, { emailAddress: email, historyId: String(historyId) });
      if (url.pathname === '/gmail/v1/users/me/history') {
        const start = Number(url.searchParams.get('startHistoryId'));
        const added = history
          .filter((h) => h.id > start)
          .map((h) => ({ id: String(h.id), messagesAdded: [{ message: { id: h.messageId } }] }));
        return send(200, { history: added, historyId: String(historyId) });
      }
      if (url.pathname === '/gmail/v1/users/me/messages' && req.method === 'GET') {
        // Only the `rfc822msgid:<id>` search the connector's lookup uses.
        const wanted = /^rfc822msgid:(\S+)$/.exec(url.searchParams.get('q') ?? '')?.[1];
        const hits = fake.sent
          .map((sent, i) => ({ sent, id: `sent${i + 1}` }))
          .filter(({ sent }) => wanted && new RegExp(`^Message-ID: ${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\r?$`, 'mi').test(sent.raw));
        return send(200, hits.length ? { messages: hits.map((h) => ({ id: h.id, threadId: h.sent.threadId })) } : { resultSizeEstimate: 0 });
      }
      const m = /^\/gmail\/v1\/users\/me\/messages\/([^/]+)$/.exec(url.pathname);
      if (m && req.method === 'GET') return messages.has(m[1]!) ? send(200, messages.get(m[1]!)) : send(404, { error: 'not found' });
      if (url.pathname === '/gmail/v1/users/me/messages/send') {
        const body = JSON.parse(raw) as { raw: string; threadId: string };
        fake.sent.push({ raw: Buffer.from(body.raw, 'base64url').toString('utf8'), threadId: body.threadId });
        return send(200, { id: `sent${fake.sent.length}`, threadId: body.threadId });
      }
      return send(404, { error: 'unknown' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
