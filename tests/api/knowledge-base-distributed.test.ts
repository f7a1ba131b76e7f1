/**
 * The knowledge base in the distributed run: the gateway, identity and knowledge-base each in
 * their own OS process over the machine's NATS, one PostgreSQL. An upload streams from the
 * gateway to the module across NATS, its extraction job is taken by the module's pg-boss
 * worker, and the file downloads back byte for byte through the gateway.
 */
import { createHash, randomBytes } from 'node:crypto';
import { demo } from '@audienceos/db';
import { freshDatabase, type TestDatabase } from '@audienceos/module-sdk/testing';
import { buildPdf } from '../../modules/knowledge-base/src/file-builders';
import { demoEmail, request } from '../support/app';
import { eventually, freePort, natsAvailable, startModuleProcess, type ModuleProcess } from '../support/processes';

let available = false;
let db: TestDatabase;
let base: string;
const processes: ModuleProcess[] = [];
const namespace = `distkb-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  available = await natsAvailable();
  if (!available) return;
  db = await freshDatabase();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  processes.push(
    ...(await Promise.all([
      startModuleProcess(['gateway'], { databaseUrl: db.url, namespace, port }),
      startModuleProcess(['identity'], { databaseUrl: db.url, namespace }),
      startModuleProcess(['knowledge-base'], { databaseUrl: db.url, namespace }),
    ])),
  );
}, 120000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await db?.drop();
});

it('uploads over NATS, extracts in the module process, downloads the same bytes', async () => {
  if (!available) return console.warn('NATS is not reachable: distributed knowledge-base test not run');
  const token = await eventually(async () => {
    const res = await request(base, 'POST', '/api/v1/auth/login', { body: { email: demoEmail('josh'), password: demo.password() } });
    if (res.status !== 200) throw new Error(`login ${res.status}`);
    return res.body.accessToken as string;
  }, 20000);
  const auth = { authorization: `Bearer ${token}` };
  await eventually(async () => {
    const res = await fetch(`${base}/api/v1/documents?limit=1`, { headers: auth });
    if (res.status !== 200) throw new Error(`documents ${res.status}`);
  }, 20000);
  // several 256 KB chunks, so the stream really travels in pieces
  const pdf = buildPdf(Array.from({ length: 150 }, (_, p) => Array.from({ length: 40 }, (_, i) => `page ${p} line ${i} distributed nightjarfox upload`)));
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf)]), 'distributed.pdf');
  const up = await fetch(`${base}/api/v1/documents/upload`, { method: 'POST', headers: auth, body: form });
  expect(up.status).toBe(201);
  const doc = (await up.json()) as { id: string; sizeBytes: number };
  expect(doc.sizeBytes).toBe(pdf.length);
  const indexed = await eventually(async () => {
    const res = await request(base, 'GET', `/api/v1/documents/${doc.id}`, { token });
    if (res.body.status !== 'indexed') throw new Error(`status ${res.body.status}`);
    return res.body;
  }, 60000);
  expect(indexed.pageCount).toBe(150);
  const found = await request(base, 'GET', '/api/v1/documents?q=nightjarfox', { token });
  expect(found.body.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
  const download = await fetch(`${base}/api/v1/documents/${doc.id}/download`, { headers: auth });
  const bytes = Buffer.from(await download.arrayBuffer());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(pdf).digest('hex'));
}, 120000);
