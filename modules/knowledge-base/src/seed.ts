/**
 * The demo knowledge base, stored as real files (Markdown, HTML, text, and PDF/DOCX made by
 * `file-builders`) and extracted at seed time with the same extraction as uploads, so the
 * demo search works at once and the extraction path is exercised.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager, SeedContext } from '@audienceos/module-sdk';
import { MIME_OF, type FileType } from './constants';
import { extractText } from './extract';
import { buildDocx, buildPdf } from './file-builders';
import { chaseDocs, northwindDocs, type SeedDoc } from './seed-content';
import { storage, type SqlRunner } from './storage';

const DAY = 86_400_000;
const EXT: Record<FileType, string> = { pdf: 'pdf', docx: 'docx', markdown: 'md', text: 'txt', html: 'html' };

function bytesOf(doc: SeedDoc): Buffer {
  if (doc.format === 'pdf') return buildPdf([doc.body.slice(0, 4), doc.body.slice(4)].filter((p) => p.length), doc.title);
  // The page count Word would save in docProps/app.xml (about 500 words a page).
  if (doc.format === 'docx') return buildDocx(doc.body, { pages: Math.max(1, Math.ceil(doc.body.join(' ').split(/\s+/).length / 500)) });
  return Buffer.from(doc.body.join(doc.format === 'html' ? '\n' : '\n\n'), 'utf8');
}

async function seedDoc(sql: SqlRunner, demo: SeedContext['demo'], slug: string, doc: SeedDoc): Promise<void> {
  const agency = demo.agency(slug);
  const id = randomUUID();
  const versionId = randomUUID();
  const fileId = randomUUID();
  const bytes = bytesOf(doc);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const written = doc.format === 'markdown' && doc.ageDays % 2 === 0; // some written in the app, some uploaded
  const at = new Date(Date.now() - doc.ageDays * DAY);
  const extraction = await extractText(bytes, doc.format);
  if (!extraction.ok) throw new Error(`seed document "${doc.title}" did not extract: ${extraction.reason}`);
  const author = demo.user(slug, doc.author).id;
  const clientId = doc.client === undefined ? null : demo.clientIds(slug)[doc.client]!;
  if (!written) {
    const writer = storage.create(sql, agency.id, fileId);
    await writer.write(bytes);
    await writer.finish(bytes.length, sha256);
  }
  await sql(
    `insert into knowledge_base.document (id, agency_id, title, description, category, client_id, tags, author_id, kind, file_type, version_number,
       current_version_id, status, sha256, size_bytes, page_count, word_count, body_text, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?::text[], ?, ?, ?, 1, null, 'indexed', ?, ?, ?, ?, ?, ?, ?)`,
    [id, agency.id, doc.title, doc.description, doc.category, clientId, `{${doc.tags.join(',')}}`, author, written ? 'written' : 'file', doc.format,
      written ? null : sha256, bytes.length, extraction.pages, extraction.words, extraction.text, at, at],
  );
  await sql(
    `insert into knowledge_base.version (id, agency_id, document_id, number, kind, file_type, file_id, file_name, markdown, size_bytes, sha256, status,
       extracted_text, preview_html, page_count, word_count, created_by, created_at)
     values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'indexed', ?, ?, ?, ?, ?, ?)`,
    [versionId, agency.id, id, written ? 'written' : 'file', doc.format, written ? null : fileId,
      written ? null : `${doc.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${EXT[doc.format]}`, written ? bytes.toString('utf8') : null,
      bytes.length, written ? null : sha256, extraction.text, extraction.previewHtml, extraction.pages, extraction.words, author, at],
  );
  await sql('update knowledge_base.document set current_version_id = ? where id = ?', [versionId, id]);
}

export async function seed({ em, demo, log }: SeedContext): Promise<void> {
  const sql: SqlRunner = (q, p = []) => (em as EntityManager).getConnection().execute(q, p, 'all') as never;
  for (const doc of chaseDocs) await seedDoc(sql, demo, 'chase-digital', doc);
  for (const doc of northwindDocs) await seedDoc(sql, demo, 'northwind-media', doc);
  log(`knowledge-base: ${chaseDocs.length + northwindDocs.length} documents (${Object.keys(MIME_OF).join(', ')})`);
}
