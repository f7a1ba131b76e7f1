/**
 * Knowledge base over HTTP against PostgreSQL: streamed multipart uploads of every accepted
 * type with extraction checked against known text (pg-boss job + worker thread), 413/415
 * with nothing stored, a corrupt PDF ending `failed`, duplicates, versions, ranked search
 * (phrases, exclusion, accents, typos, snippets), content gaps, member visibility, ticket
 * links, and another agency's 404 on every route including downloads.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { demo, signCaller } from '@audienceos/module-sdk';
import { checkKpiContract } from '@audienceos/module-sdk/testing';
import { buildDocx, buildPdf } from '../../modules/knowledge-base/src/file-builders';
import { startTestApp, type TestApp } from '../support/app';

const chaseClients = demo.clientIds('chase-digital');
// Jeff (member) is granted Chase clients 1, 3, 5 (write) and 6 (read) by the identity seed.
const JEFF_CLIENT = chaseClients[1]!;
const NOT_JEFFS = chaseClients[0]!;
const MAX = 1024 * 1024; // KB_MAX_UPLOAD_BYTES for this file

let t: TestApp;
let db: pg.Client;
beforeAll(async () => {
  process.env.KB_MAX_UPLOAD_BYTES = String(MAX);
  t = await startTestApp({ modules: ['identity', 'pipeline', 'tickets', 'settings', 'knowledge-base'] });
  db = new pg.Client({ connectionString: t.db.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await t?.stop();
  delete process.env.KB_MAX_UPLOAD_BYTES;
});

const api = async (handle: string, method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1/documents${path}`, { token: await t.login(handle), body });

async function upload(handle: string, bytes: Buffer, name: string, query = '', path = '/upload') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${t.base}/api/v1/documents${path}${query}`, { method: 'POST', headers: { authorization: `Bearer ${await t.login(handle)}` }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Wait (by polling the API, never a fixed sleep) until extraction has finished. */
async function settled(id: string, handle = 'josh') {
  for (;;) {
    const res = await api(handle, 'GET', `/${id}`);
    if (res.body.status === 'indexed' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fileRows = async () => Number((await db.query('select count(*) from knowledge_base.file')).rows[0].count);

describe('uploads and extraction', () => {
  const cases: [string, Buffer, string, string, string][] = [
    ['pdf', buildPdf([['Quarterly pixel audit for Acme'], ['Second page mentions zebracorn']]), 'audit.pdf', 'pdf', 'zebracorn'],
    ['docx', buildDocx(['Handover memo', 'The unicornfish account moves to Josh']), 'memo.docx', 'docx', 'unicornfish'],
    ['markdown', Buffer.from('# Runbook\n\n- restart the **griffinbird** container\n'), 'runbook.md', 'markdown', 'griffinbird'],
    ['text', Buffer.from('Plain notes about the hippogriff launch.'), 'notes.bin', 'text', 'hippogriff'],
    ['html', Buffer.from('<!doctype html><html><body><h1>Guide</h1><p>Set up the basiliskbird tag</p><script>alert(1)</script></body></html>'), 'g.txt', 'html', 'basiliskbird'],
  ];
  it.each(cases)('%s: type from the content, text extracted, searchable', async (_n, bytes, name, type, word) => {
    const res = await upload('josh', bytes, name);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileType: type, kind: 'file', version: 1, sizeBytes: bytes.length });
    const doc = await settled(res.body.id);
    expect(doc.status).toBe('indexed');
    expect(doc.wordCount).toBeGreaterThan(2);
    if (type === 'pdf') expect(doc.pageCount).toBe(2);
    const found = await api('josh', 'GET', `?q=${word}`);
    expect(found.body.items.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    expect(found.body.items[0].snippet.some((s: { text: string; hit: boolean }) => s.hit && s.text.toLowerCase().includes(word))).toBe(true);
    if (type === 'html') {
      const preview = await api('josh', 'GET', `/${res.body.id}/preview`);
      expect(preview.body.format).toBe('html');
      const text = (await db.query('select extracted_text from knowledge_base.version where document_id = $1', [res.body.id])).rows[0].extracted_text;
      expect(text).not.toContain('alert');
    }
  });

  it('a PNG named .pdf is refused with 415 naming the accepted types; nothing is stored', async () => {
    const before = await fileRows();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 1)]);
    const res = await upload('josh', png, 'invoice.pdf');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ type: 'UNSUPPORTED_MEDIA_TYPE', data: { accepted: ['pdf', 'docx', 'markdown', 'text', 'html'] } });
    expect(await fileRows()).toBe(before);
  });

  it('a file over the limit is refused with 413 and nothing is stored', async () => {
    const before = await fileRows();
    const res = await upload('josh', Buffer.alloc(MAX + 200_000, 'a'), 'big.txt');
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('PAYLOAD_TOO_LARGE');
    expect(await fileRows()).toBe(before);
  });

  it('a body streamed without a length (chunked) is cut off at the limit with 413, nothing stored', async () => {
    const before = await fileRows();
    const boundary = 'kbboundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 'b');
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new Uint8Array(head));
        if (sent > MAX + 256 * 1024) {
          controller.enqueue(new Uint8Array(tail));
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(new Uint8Array(chunk));
      },
    });
    const res = await fetch(`${t.base}/api/v1/documents/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.login('josh')}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).type).toBe('PAYLOAD_TOO_LARGE');
    expect(await fileRows()).toBe(before);
  });

  it('a corrupt PDF ends failed with a reason, and the queue keeps working', async () => {
    const bad = await upload('josh', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref'), 'broken.pdf');
    expect(bad.status).toBe(201);
    const good = await upload('josh', Buffer.from('after the broken one: kelpiefox'), 'next.txt');
    const failed = await settled(bad.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toMatch(/PDF cannot be read/);
    expect((await settled(good.body.id)).status).toBe('indexed');
    const retry = await api('josh', 'POST', `/${bad.body.id}/retry`);
    expect(retry.status).toBe(200);
    expect((await settled(bad.body.id)).status).toBe('failed');
  });

  it('concurrent uploads all land and extract', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => upload('josh', Buffer.from(`parallel upload number ${i} wyvernmoth${i}`), `p${i}.txt`)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    for (const r of results) expect((await settled(r.body.id)).status).toBe('indexed');
  });

  it('the same bytes twice offer the existing document (409) unless allowDuplicate', async () => {
    const bytes = Buffer.from('duplicate detection sample: chimerafly');
    const first = await upload('josh', bytes, 'a.txt');
    const before = await fileRows();
    const second = await upload('garrett', bytes, 'b.txt');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: 'DUPLICATE_DOCUMENT', data: { documentId: first.body.id } });
    expect(await fileRows()).toBe(before);
    expect((await upload('garrett', bytes, 'b.txt', '?allowDuplicate=true')).status).toBe(201);
  });

  it('bad input is a 4xx, never a 5xx', async () => {
    const token = await t.login('josh');
    const notMultipart = await t.request('POST', '/api/v1/documents/upload', { token, rawBody: 'just text', headers: { 'content-type': 'text/plain' } });
    expect(notMultipart.status).toBe(415);
    expect((await upload('josh', Buffer.from('x'), 'x.txt', '?category=NOT%20OK')).status).toBe(422);
    expect((await upload('josh', Buffer.from('x'), 'x.txt', `?clientId=${randomUUID()}`)).status).toBe(422);
    expect((await upload('josh', Buffer.alloc(0), 'empty.txt')).status).toBe(415);
    // multipart without a boundary was a 500 (busboy throws while being built)
    const noBoundary = await t.request('POST', '/api/v1/documents/upload', { token, rawBody: 'xx', headers: { 'content-type': 'multipart/form-data' } });
    expect([noBoundary.status, noBoundary.body.type]).toEqual([400, 'BAD_MULTIPART']);
    // a NUL in the part's file name was a 503 DATABASE_ERROR: the name is stored without it
    const nulName = await fetch(`${t.base}/api/v1/documents/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=B' },
      body: Buffer.from(
        `--B\r\nContent-Disposition: form-data; name="file"; filename="run\u0000book.txt"\r\nContent-Type: text/plain\r\n\r\nnul name ${randomUUID()}\r\n--B--\r\n`,
      ),
    });
    expect(nulName.status).toBe(201);
    expect((await nulName.json()).title).toBe('runbook');
    expect((await api('josh', 'GET', `?q=${'a'.repeat(501)}`)).status).toBe(422);
    // A malformed or forged cursor is the platform's 400 INVALID_CURSOR (not a database 422),
    // with and without a query: a rolled-over date, a year past 9999, a huge rank, a non-uuid id.
    const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const id = randomUUID();
    for (const [cursor, q] of [
      ['nonsense', ''],
      [cursorOf(['2026-02-30', id]), ''],
      [cursorOf(['+275760-09-13T00:00:00.000Z', id]), ''],
      [cursorOf(['9'.repeat(40), id]), '&q=pixel'],
      [cursorOf(['0.5', '-'.repeat(36)]), '&q=pixel'],
    ] as const) {
      const res = await api('josh', 'GET', `?cursor=${cursor}${q}`);
      expect([cursor, res.status, res.body.type]).toEqual([cursor, 400, 'INVALID_CURSOR']);
    }
    expect((await api('josh', 'GET', '/not-a-uuid')).status).toBe(422);
    expect((await api('josh', 'POST', '', { title: 'x', markdown: 'y', agencyId: randomUUID() })).status).toBe(422);
  });
});

describe('written documents and versions', () => {
  it('edits keep every version: listed, downloadable, restorable; events go to the outbox', async () => {
    const created = await api('josh', 'POST', '', { title: 'Escalation runbook', markdown: '# Escalation\n\nCall the on-call lead first.', tags: ['runbook'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'written', fileType: 'markdown', version: 1 });
    const edited = await api('josh', 'PATCH', `/${created.body.id}`, { markdown: '# Escalation\n\nPage the manticore rota first.' });
    expect(edited.body.version).toBe(2);
    await settled(created.body.id);
    const versions = await api('josh', 'GET', `/${created.body.id}/versions`);
    expect(versions.body.items.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    const v1 = versions.body.items[1];
    const old = await t.request('GET', `/api/v1/documents/${created.body.id}/versions/${v1.id}/download`, { token: await t.login('josh') });
    expect(old.status).toBe(200);
    expect(old.body).toContain('on-call lead');
    const restored = await api('josh', 'POST', `/${created.body.id}/versions/${v1.id}/restore`);
    expect(restored.body.version).toBe(3);
    await settled(created.body.id);
    expect((await api('josh', 'GET', '?q=manticore')).body.items).toHaveLength(0);
    expect((await api('josh', 'GET', '?q="on-call lead"')).body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
    const topics = (await db.query(`select topic from knowledge_base.outbox where payload::text like $1 order by created_at`, [`%${created.body.id}%`])).rows.map((r) => r.topic);
    expect(topics).toEqual(['knowledge-base.document.published', 'knowledge-base.document.updated', 'knowledge-base.document.updated']);
  });

  it('a new file version of an uploaded document, and the old one still downloads', async () => {
    const first = await upload('josh', Buffer.from('version one of the sphinxmoth guide'), 'guide.txt');
    const second = await upload('josh', buildPdf([['version two of the sphinxmoth guide in PDF']]), 'guide.pdf', '', `/${first.body.id}/versions`);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2, fileType: 'pdf' });
    expect((await settled(first.body.id)).pageCount).toBe(1);
    const current = await fetch(`${t.base}/api/v1/documents/${first.body.id}/download`, { headers: { authorization: `Bearer ${await t.login('josh')}` } });
    expect(current.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await current.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a download keeps a non-ASCII file name (RFC 6266 filename*), with an ASCII fallback', async () => {
    const doc = await upload('josh', Buffer.from(`notes from the café ${randomUUID()}`), "Ångström café (v2).txt");
    expect(doc.status).toBe(201);
    const res = await fetch(`${t.base}/api/v1/documents/${doc.body.id}/download`, { headers: { authorization: `Bearer ${await t.login('josh')}` } });
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="_ngstr_m caf_ _v2_.txt"; filename*=UTF-8''%C3%85ngstr%C3%B6m%20caf%C3%A9%20%28v2%29.txt`,
    );
  });

  it('a signed link serves the file without a token, and a tampered one is a 404', async () => {
    const doc = await upload('josh', buildPdf([['signed link sample']]), 's.pdf');
    const link = await api('josh', 'POST', `/${doc.body.id}/link`);
    expect(link.status).toBe(200);
    const res = await fetch(t.base + link.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^inline/);
    expect((await fetch(`${t.base + link.body.url}x`)).status).toBe(404);
  });
});

describe('concurrent edits, form fields, Content-Encoding, DOCX pages', () => {
  const patch = async (handle: string, id: string, body: unknown, ifMatch?: string) =>
    t.request('PATCH', `/api/v1/documents/${id}`, { token: await t.login(handle), body, headers: ifMatch ? { 'If-Match': ifMatch } : {} });

  it('a document carries an ETag (its revision); a stale If-Match is 412 with data.current; tags take {add, remove}', async () => {
    const created = await api('josh', 'POST', '', { title: 'Consent mode checklist', markdown: '# Consent\n\nCheck the banner.', tags: ['consent'] });
    const id = created.body.id as string;
    const read = await api('josh', 'GET', `/${id}`);
    expect(read.headers.get('etag')).toBe(`"${read.body.revision}"`);
    const first = await patch('josh', id, { title: 'Consent mode v2 checklist' }, read.headers.get('etag')!);
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(read.body.revision + 1);
    expect(first.headers.get('etag')).toBe(`"${first.body.revision}"`);
    // Garrett saves from the page he loaded before Josh's save: refused, nothing changed.
    const stale = await patch('garrett', id, { title: 'Consent checklist (old)' }, read.headers.get('etag')!);
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('PRECONDITION_FAILED');
    expect(stale.body.data).toMatchObject({ version: first.body.revision, current: { title: 'Consent mode v2 checklist' } });
    expect((await api('josh', 'GET', `/${id}`)).body.title).toBe('Consent mode v2 checklist');
    // A new content version moves the revision too; without If-Match the last write wins.
    const edited = await patch('josh', id, { markdown: '# Consent\n\nCheck the banner and the CMP.' }, `"${first.body.revision}"`);
    expect(edited.body).toMatchObject({ version: 2, revision: first.body.revision + 1 });
    // Ten people adding different tags at once keep all of them (a replace would drop some).
    const adds = await Promise.all(Array.from({ length: 10 }, (_, i) => patch(i % 2 ? 'josh' : 'garrett', id, { tags: { add: [`t${i}`] } })));
    expect(adds.map((r) => r.status)).toEqual(Array(10).fill(200));
    const tags = (await api('josh', 'GET', `/${id}`)).body.tags as string[];
    expect([...tags].sort()).toEqual(['consent', ...Array.from({ length: 10 }, (_, i) => `t${i}`)].sort());
    const removed = await patch('josh', id, { tags: { remove: ['t0', 'consent'], add: ['gdpr'] } });
    // The order the concurrent adds landed in is kept; removed ones go, the new one comes last.
    expect(removed.body.tags).toEqual([...tags.filter((x) => x !== 't0' && x !== 'consent'), 'gdpr']);
    expect((await patch('josh', id, { tags: { add: Array.from({ length: 15 }, (_, i) => `x${i}`) } })).status).toBe(422); // over 20
    expect((await patch('josh', id, { tags: { add: 'one' } })).status).toBe(422);
    expect((await patch('josh', id, { tags: ['only'] })).body.tags).toEqual(['only']);
  });

  it('reads title, description, category, clientId and tags from the multipart form (the form wins over the query string)', async () => {
    const form = new FormData();
    form.append('title', 'Dragonfly tag plan');
    form.append('description', 'Where each tag fires');
    form.append('category', 'installation');
    form.append('clientId', JEFF_CLIENT);
    form.append('tags', 'gtm, plan');
    form.append('file', new Blob([new Uint8Array(Buffer.from('The dragonflyhawk container fires on page view.'))]), 'plan.txt');
    const res = await fetch(`${t.base}/api/v1/documents/upload?title=${encodeURIComponent('From the query')}&description=kept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.login('josh')}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ title: 'Dragonfly tag plan', description: 'Where each tag fires', category: 'installation', clientId: JEFF_CLIENT, tags: ['gtm', 'plan'] });
    // Bad form fields are 422 naming the field, and nothing is kept.
    const before = await fileRows();
    for (const [name, value, field] of [['clientId', 'not-a-uuid', 'clientId'], ['category', 'No Such!', 'category'], ['owner', 'me', 'owner'], ['title', '', 'title']]) {
      const bad = new FormData();
      bad.append(name!, value!);
      bad.append('file', new Blob([new Uint8Array(Buffer.from(`bad field ${name}`))]), 'bad.txt');
      const refused = await fetch(`${t.base}/api/v1/documents/upload`, { method: 'POST', headers: { authorization: `Bearer ${await t.login('josh')}` }, body: bad });
      expect([name, refused.status]).toEqual([name, 422]);
      expect(((await refused.json()).data as { field: string }[]).map((d) => d.field)).toContain(field);
    }
    expect(await fileRows()).toBe(before);
  });

  it('Content-Encoding: gzip is accepted (inflated as it streams), other encodings are 415, a body that is not gzip is 400', async () => {
    const boundary = 'kbBoundary42';
    const multipart = (text: string) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nZipped notes\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="z.txt"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`,
      );
    const send = async (body: Buffer, encoding: string) =>
      fetch(`${t.base}/api/v1/documents/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await t.login('josh')}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-encoding': encoding },
        body: new Uint8Array(body),
      });
    const ok = await send(gzipSync(multipart('Notes about the quokkafinch rollout.')), 'gzip');
    expect(ok.status).toBe(201);
    const doc = await ok.json();
    expect(doc).toMatchObject({ title: 'Zipped notes', fileType: 'text', sizeBytes: 'Notes about the quokkafinch rollout.'.length });
    await settled(doc.id);
    expect((await api('josh', 'GET', '?q=quokkafinch')).body.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    const before = await fileRows();
    const br = await send(multipart('brotli?'), 'br');
    expect(br.status).toBe(415);
    expect(await br.json()).toMatchObject({ type: 'UNSUPPORTED_ENCODING', data: { accepted: ['identity', 'gzip'] } });
    const notGzip = await send(multipart('plain bytes claiming gzip'), 'gzip');
    expect(notGzip.status).toBe(400);
    expect((await notGzip.json()).type).toBe('INVALID_CONTENT_ENCODING');
    expect(await fileRows()).toBe(before);
  });

  it('a DOCX has the page count its word processor saved (docProps/app.xml), null without it', async () => {
    const withPages = await upload('josh', buildDocx(['Onboarding pack', 'The axolotlheron handbook'], { pages: 7 }), 'pack.docx');
    expect(withPages.status).toBe(201);
    expect(await settled(withPages.body.id)).toMatchObject({ status: 'indexed', pageCount: 7 });
    const without = await upload('josh', buildDocx(['Short note', 'The pangolinwren memo']), 'note.docx');
    expect(await settled(without.body.id)).toMatchObject({ status: 'indexed', pageCount: null });
  });
});

describe('search', () => {
  it('a title match ranks above a body match', async () => {
    const inBody = await api('josh', 'POST', '', { title: 'Misc notes', markdown: 'somewhere in here we mention the quokkaleaf setup' });
    const inTitle = await api('josh', 'POST', '', { title: 'Quokkaleaf setup', markdown: 'how to do it' });
    await settled(inBody.body.id);
    await settled(inTitle.body.id);
    const res = await api('josh', 'GET', '?q=quokkaleaf');
    expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([inTitle.body.id, inBody.body.id]);
  });

  it('exclusion, accents and typos on titles', async () => {
    const a = await api('josh', 'POST', '', { title: 'Café tracking for résumé pages', markdown: 'cross domain notes' });
    const b = await api('josh', 'POST', '', { title: 'Cross domain tracking', markdown: 'cross domain with iframes' });
    await settled(a.body.id);
    await settled(b.body.id);
    const ids = async (q: string) => (await api('josh', 'GET', `?q=${encodeURIComponent(q)}`)).body.items.map((d: { id: string }) => d.id);
    expect(await ids('cafe resume')).toContain(a.body.id);
    expect(await ids('"cross domain" -iframes')).toEqual(expect.arrayContaining([a.body.id]));
    expect(await ids('"cross domain" -iframes')).not.toContain(b.body.id);
    expect(await ids('instalation')).toContain((await api('josh', 'GET', '?q=Meta%20Conversions%20API%20installation%20guide')).body.items[0].id);
  });

  it('facets count the matches; filters narrow; keyset pages cover everything once', async () => {
    const all = await api('luke', 'GET', '?limit=100');
    const res = await api('luke', 'GET', '?category=installation');
    expect(res.body.items.every((d: { category: string }) => d.category === 'installation')).toBe(true);
    const facet = res.body.facets.category.find((f: { value: string }) => f.value === 'installation');
    expect(facet.count).toBe(all.body.items.filter((d: { category: string }) => d.category === 'installation').length);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await api('luke', 'GET', `?limit=7&facets=false${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(all.body.items.map((d: { id: string }) => d.id).sort());
  });

  it('searches with no result are recorded as content gaps for owners and admins', async () => {
    expect((await api('josh', 'GET', '?q=snapchat%20lenses%20budget')).body.items).toHaveLength(0);
    const gaps = await api('luke', 'GET', '/gaps');
    expect(gaps.body.items.map((g: { query: string }) => g.query)).toContain('snapchat lenses budget');
    expect((await api('josh', 'GET', '/gaps')).status).toBe(403);
  });
});

describe('visibility, roles and tenancy', () => {
  it('a member sees client documents of granted clients only, and cannot write', async () => {
    const mine = await api('josh', 'POST', '', { title: 'Granted client note', clientId: JEFF_CLIENT, markdown: 'for jeff' });
    const notMine = await api('josh', 'POST', '', { title: 'Other client note', clientId: NOT_JEFFS, markdown: 'not for jeff' });
    expect((await api('jeff', 'GET', `/${mine.body.id}`)).status).toBe(200);
    expect((await api('jeff', 'GET', `/${notMine.body.id}`)).status).toBe(404);
    expect((await api('jeff', 'GET', `/${notMine.body.id}/download`)).status).toBe(404);
    const list = (await api('jeff', 'GET', '?limit=100')).body.items.map((d: { id: string }) => d.id);
    expect(list).toContain(mine.body.id);
    expect(list).not.toContain(notMine.body.id);
    expect((await api('jeff', 'POST', '', { title: 'x', markdown: 'y' })).status).toBe(403);
    expect((await api('josh', 'DELETE', `/${mine.body.id}`)).status).toBe(403);
    expect((await api('luke', 'DELETE', `/${mine.body.id}`)).status).toBe(204);
  });

  it("another agency's document is a 404 on every route, downloads included", async () => {
    const doc = await upload('josh', Buffer.from('chase only: tenancy check phoenixcrab'), 'tenancy.txt');
    const id = doc.body.id;
    const versions = await api('josh', 'GET', `/${id}/versions`);
    const vid = versions.body.items[0].id;
    const ticket = randomUUID();
    const routes: [string, string, unknown?][] = [
      ['GET', `/${id}`],
      ['PATCH', `/${id}`, { title: 'stolen' }],
      ['DELETE', `/${id}`],
      ['POST', `/${id}/archive`],
      ['POST', `/${id}/unarchive`],
      ['PUT', `/${id}/star`],
      ['DELETE', `/${id}/star`],
      ['GET', `/${id}/versions`],
      ['POST', `/${id}/versions/${vid}/restore`],
      ['GET', `/${id}/download`],
      ['GET', `/${id}/versions/${vid}/download`],
      ['GET', `/${id}/preview`],
      ['POST', `/${id}/link`],
      ['POST', `/${id}/retry`],
      ['GET', `/${id}/tickets`],
      ['POST', `/${id}/tickets`, { ticketId: ticket }],
      ['DELETE', `/${id}/tickets/${ticket}`],
    ];
    for (const [method, path, body] of routes) {
      const res = await api('nina', method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    const upload404 = await upload('nina', Buffer.from('x'), 'x.txt', '', `/${id}/versions`);
    expect(upload404.status).toBe(404);
    expect((await api('nina', 'GET', '?q=phoenixcrab')).body.items).toHaveLength(0);
  });
});

describe('tickets', () => {
  it('attach to a ticket, list both ways, suggestions by the ticket title', async () => {
    const ticket = await t.request('POST', '/api/v1/tickets', { token: await t.login('josh'), body: { title: 'Meta Conversions API duplicates purchases', clientId: chaseClients[0] } });
    expect(ticket.status).toBe(201);
    const guide = (await api('josh', 'GET', '?q=Meta%20Conversions%20API')).body.items[0];
    const drawer = await api('josh', 'GET', `/for-ticket/${ticket.body.id}`);
    expect(drawer.body.suggested.map((d: { id: string }) => d.id)).toContain(guide.id);
    expect((await api('josh', 'POST', `/${guide.id}/tickets`, { ticketId: ticket.body.id })).status).toBe(201);
    expect((await api('josh', 'GET', `/${guide.id}/tickets`)).body.items.map((l: { ticketId: string }) => l.ticketId)).toEqual([ticket.body.id]);
    const after = await api('josh', 'GET', `/for-ticket/${ticket.body.id}`);
    expect(after.body.attached.map((d: { id: string }) => d.id)).toEqual([guide.id]);
    expect((await api('josh', 'POST', `/${guide.id}/tickets`, { ticketId: randomUUID() })).status).toBe(422);
  });

  it("a member neither sees nor detaches the links of tickets of clients not granted to them", async () => {
    const doc = (await api('josh', 'POST', '', { title: 'Shared runbook for links', markdown: 'shared' })).body;
    const other = await t.request('POST', '/api/v1/tickets', { token: await t.login('josh'), body: { title: 'Not for jeff', clientId: NOT_JEFFS } });
    const his = await t.request('POST', '/api/v1/tickets', { token: await t.login('josh'), body: { title: 'For jeff', clientId: JEFF_CLIENT } });
    expect((await api('josh', 'POST', `/${doc.id}/tickets`, { ticketId: other.body.id })).status).toBe(201);
    expect((await api('josh', 'POST', `/${doc.id}/tickets`, { ticketId: his.body.id })).status).toBe(201);
    const seen = (await api('jeff', 'GET', `/${doc.id}/tickets`)).body.items.map((l: { ticketId: string }) => l.ticketId);
    expect(seen).toEqual([his.body.id]);
    expect((await api('jeff', 'DELETE', `/${doc.id}/tickets/${other.body.id}`)).status).toBe(422);
    const all = (await api('josh', 'GET', `/${doc.id}/tickets`)).body.items.map((l: { ticketId: string }) => l.ticketId);
    expect(all.sort()).toEqual([other.body.id, his.body.id].sort());
  });
});

describe('KPIs', () => {
  it('keep the KPI contract (boundary and zone checked on documents added)', async () => {
    const josh = demo.user('chase-digital', 'josh');
    const meta = signCaller({ id: josh.id, agencyId: demo.chase.id, role: josh.role });
    const modules = await t.request('GET', '/api/v1/modules', { token: await t.login('luke') });
    const declarations = modules.body.modules.find((m: { module: string }) => m.module === 'knowledge-base').kpis;
    expect(declarations.map((d: { id: string }) => d.id)).toEqual(['documents-added', 'no-result-searches']);
    let n = 0;
    const problems = await checkKpiContract({
      declarations,
      call: (action, params) => t.app.broker.call(action, params, { meta }),
      record: {
        kpi: 'documents-added',
        async at(instant) {
          const res = await api('josh', 'POST', '', { title: `KPI document ${++n}`, markdown: 'counted once' });
          expect(res.status).toBe(201);
          await db.query('update knowledge_base.document set created_at = $2 where id = $1', [res.body.id, instant]);
        },
      },
    });
    expect(problems).toEqual([]);
  });
});
