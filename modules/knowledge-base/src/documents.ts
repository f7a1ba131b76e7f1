/**
 * Writing documents and their versions. A document always points at its current version;
 * every upload or saved edit adds a version (the earlier ones stay listed, downloadable and
 * restorable) and queues its extraction in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { errors, type ActionContext } from '@audienceos/module-sdk';
import { DOCUMENT_EVENTS, type DocKind, type FileType } from './constants';
import { queueExtraction } from './jobs';
import type { DocumentRow } from './dto';
import type { ReceivedFile } from './upload';

export interface VersionSource {
  kind: DocKind;
  fileType: FileType;
  file?: ReceivedFile;
  markdown?: string;
}

export interface NewDocument {
  title: string;
  description?: string;
  category: string;
  clientId?: string | null;
  tags?: string[];
}

async function language(ctx: ActionContext): Promise<string> {
  const [row] = await ctx.db.sql<{ language: string }>('select language::text as language from knowledge_base.agency_setting where agency_id = $agency');
  return row?.language ?? 'english';
}

async function insertVersion(ctx: ActionContext, documentId: string, number: number, src: VersionSource): Promise<string> {
  const id = randomUUID();
  const size = src.file?.sizeBytes ?? Buffer.byteLength(src.markdown ?? '', 'utf8');
  await ctx.db.sql(
    `insert into knowledge_base.version (id, agency_id, document_id, number, kind, file_type, file_id, file_name, markdown, size_bytes, sha256, status, created_by)
     values (?, $agency, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    [id, documentId, number, src.kind, src.fileType, src.file?.fileId ?? null, src.file?.fileName ?? null, src.markdown ?? null, size, src.file?.sha256 ?? null, actor(ctx)],
  );
  await queueExtraction(ctx, id);
  return id;
}

const actor = (ctx: ActionContext) => (ctx.user.role === 'system' ? null : ctx.user.id);

/** Create a document with its first version; emits `document.published`. Returns its id. */
export async function createDocument(ctx: ActionContext, doc: NewDocument, src: VersionSource): Promise<string> {
  const id = randomUUID();
  await ctx.db.sql(
    `insert into knowledge_base.document (id, agency_id, title, description, category, client_id, tags, author_id, kind, file_type, version_number,
       status, sha256, size_bytes, language)
     values (?, $agency, ?, ?, ?, ?, ?::text[], ?, ?, ?, 1, 'pending', ?, ?, ?::regconfig)`,
    [id, doc.title, doc.description ?? '', doc.category, doc.clientId ?? null, `{${(doc.tags ?? []).map(pgArrayItem).join(',')}}`, actor(ctx), src.kind, src.fileType,
      src.file?.sha256 ?? null, src.file?.sizeBytes ?? Buffer.byteLength(src.markdown ?? '', 'utf8'), await language(ctx)],
  );
  const versionId = await insertVersion(ctx, id, 1, src);
  await ctx.db.sql('update knowledge_base.document set current_version_id = ? where id = ?', [versionId, id]);
  ctx.emitDurable(DOCUMENT_EVENTS.published, { documentId: id, title: doc.title, category: doc.category, clientId: doc.clientId ?? null, kind: src.kind, fileType: src.fileType });
  return id;
}

/** Add a version to a (locked) document and make it current; emits `document.updated`. */
export async function addVersion(ctx: ActionContext, doc: DocumentRow, src: VersionSource, change: string): Promise<void> {
  if (doc.archived_at) throw errors.conflict('This document is archived: restore it before changing it', 'DOCUMENT_ARCHIVED', { id: doc.id });
  const number = doc.version_number + 1;
  const versionId = await insertVersion(ctx, doc.id, number, src);
  await ctx.db.sql(
    `update knowledge_base.document set version_number = ?, current_version_id = ?, kind = ?, file_type = ?, status = 'pending', failure_reason = null,
       sha256 = ?, size_bytes = ?, updated_at = now(), revision = revision + 1 where id = ? and agency_id = $agency`,
    [number, versionId, src.kind, src.fileType, src.file?.sha256 ?? null, src.file?.sizeBytes ?? Buffer.byteLength(src.markdown ?? '', 'utf8'), doc.id],
  );
  ctx.emitDurable(DOCUMENT_EVENTS.updated, { documentId: doc.id, title: doc.title, version: number, change });
}

/** A Postgres array literal item (quoted, escaped). */
export const pgArrayItem = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;

/** An existing live document in this agency with the same bytes, if any. */
export async function duplicateOf(ctx: ActionContext, sha256: string): Promise<{ id: string; title: string } | null> {
  const [row] = await ctx.db.sql<{ id: string; title: string }>(
    'select id, title from knowledge_base.document where agency_id = $agency and sha256 = ? and archived_at is null order by created_at limit 1',
    [sha256],
  );
  return row ?? null;
}
