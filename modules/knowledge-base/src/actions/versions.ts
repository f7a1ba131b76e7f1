/** Versions, downloads, previews, signed links and extraction retries of one document. */
import { errors, TenantScope, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { visibleDocument } from '../access';
import { MIME_OF, type FileType } from '../constants';
import { addVersion, duplicateOf } from '../documents';
import { documentDto, SELECT_DOCUMENT, SELECT_VERSION, versionDto, type DocumentRow, type VersionRow } from '../dto';
import { queueExtraction } from '../jobs';
import { idParam } from '../params';
import { LINK_TTL_SECONDS, signLink, verifyLink } from '../signed-link';
import { storage } from '../storage';
import { receiveUpload } from '../upload';

const versionParams = { id: { type: 'uuid' }, versionId: { type: 'uuid' } } as const;

async function versionOf(db: TenantScope, documentId: string, versionId: string): Promise<VersionRow & { markdown: string | null; preview_html: string | null; extracted_text: string | null }> {
  const [v] = await db.sql<VersionRow & { markdown: string | null; preview_html: string | null; extracted_text: string | null }>(
    `select v.*, v.markdown, v.preview_html, v.extracted_text from knowledge_base.version v where v.agency_id = $agency and v.document_id = ? and v.id = ?`,
    [documentId, versionId],
  );
  if (!v) throw errors.notFound('Version', versionId);
  return v;
}

export const versionsAction: ModuleAction<{ id: string }> = {
  rest: 'GET /:id/versions',
  summary: 'Every version, newest first',
  permissions: ['documents:read'],
  params: idParam,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    const rows = await ctx.db.sql<VersionRow>(`${SELECT_VERSION} where v.agency_id = $agency and v.document_id = ? order by v.number desc`, [doc.id]);
    return { items: rows.map((v) => versionDto(v, doc.current_version_id)) };
  },
};

export const uploadVersionAction: ModuleAction<{ id: string }> = {
  rest: { method: 'POST', path: '/:id/versions', type: 'stream' },
  summary: 'Upload a new file as the next version (multipart/form-data, streamed; 413/415 as for uploads)',
  permissions: ['documents:write'],
  params: idParam,
  timeout: 10 * 60_000,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id, true);
    const file = await receiveUpload(ctx);
    if (file.sha256 === doc.sha256) throw errors.conflict('This file is the same as the current version', 'SAME_AS_CURRENT', { documentId: doc.id });
    const other = await duplicateOf(ctx, file.sha256);
    if (other && other.id !== doc.id) throw errors.conflict(`This file is already in the knowledge base as "${other.title}"`, 'DUPLICATE_DOCUMENT', { documentId: other.id, title: other.title });
    await addVersion(ctx, doc, { kind: 'file', fileType: file.fileType, file }, 'file');
    ctx.meta.$statusCode = 201;
    const [row] = await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = ?`, [ctx.user.id, doc.id]);
    return documentDto(row!);
  },
};

export const restoreVersionAction: ModuleAction<{ id: string; versionId: string }> = {
  rest: 'POST /:id/versions/:versionId/restore',
  summary: 'Make an earlier version current again (as a new version: history is never rewritten)',
  permissions: ['documents:write'],
  params: versionParams,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id, true);
    const v = await versionOf(ctx.db, doc.id, ctx.params.versionId);
    if (v.id === doc.current_version_id) throw errors.conflict('This version is already the current one', 'ALREADY_CURRENT', { versionId: v.id });
    const file = v.file_id ? { fileId: v.file_id, fileName: v.file_name ?? 'file', fileType: v.file_type, sizeBytes: Number(v.size_bytes), sha256: v.sha256 ?? '' } : undefined;
    await addVersion(ctx, doc, { kind: v.kind, fileType: v.file_type, file, markdown: v.markdown ?? undefined }, `restored ${v.number}`);
    const [row] = await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = ?`, [ctx.user.id, doc.id]);
    return documentDto(row!);
  },
};

export const retryAction: ModuleAction<{ id: string }> = {
  rest: 'POST /:id/retry',
  summary: 'Extract the current version again after a failure',
  permissions: ['documents:write'],
  params: idParam,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id, true);
    if (doc.status !== 'failed') throw errors.conflict(`Extraction is ${doc.status}, not failed`, 'NOT_FAILED', { status: doc.status });
    await ctx.db.sql(`update knowledge_base.version set status = 'pending', failure_reason = null where id = ?`, [doc.current_version_id]);
    await ctx.db.sql(`update knowledge_base.document set status = 'pending', failure_reason = null where id = ?`, [doc.id]);
    await queueExtraction(ctx, doc.current_version_id!);
    return documentDto({ ...doc, status: 'pending', failure_reason: null });
  },
};

const safeName = (name: string) => name.replace(/[^\w.\- ]+/g, '_').slice(0, 150) || 'document';
/**
 * `Content-Disposition` with the real (UTF-8) file name for browsers (`filename*`, RFC 6266 §4.3
 * with RFC 8187 encoding) and an ASCII fallback (`filename`): "Ångström café.txt" used to
 * download as "_ngstr_m caf_.txt".
 */
const dispositionHeader = (disposition: string, name: string) => {
  const encoded = encodeURIComponent(name.slice(0, 150)).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${safeName(name)}"; filename*=UTF-8''${encoded}`;
};
const EXT: Record<FileType, string> = { pdf: 'pdf', docx: 'docx', markdown: 'md', text: 'txt', html: 'html' };

/** Stream a version's bytes with headers for download or inline display. */
function sendVersion(ctx: ActionContext, db: TenantScope, title: string, v: VersionRow & { markdown: string | null }, inline: boolean) {
  const name = v.file_name ?? `${title}.${EXT[v.file_type]}`;
  // HTML and anything else that a browser could run is always an attachment; only PDFs show inline
  const disposition = inline && v.file_type === 'pdf' ? 'inline' : 'attachment';
  ctx.meta.$responseType = MIME_OF[v.file_type].startsWith('text/html') ? 'application/octet-stream' : MIME_OF[v.file_type];
  ctx.meta.$responseHeaders = {
    'Content-Disposition': dispositionHeader(disposition, name),
    'Cache-Control': 'private, no-store',
    'Content-Security-Policy': "default-src 'none'; object-src 'self'; plugin-types application/pdf; frame-ancestors 'self'",
    'X-Frame-Options': 'SAMEORIGIN',
    ...(v.file_id ? { 'Content-Length': String(v.size_bytes) } : {}),
  };
  if (!v.file_id) return Buffer.from(v.markdown ?? '', 'utf8');
  return storage.stream((q, p) => db.sql(q, p), v.file_id);
}

export const downloadAction: ModuleAction<{ id: string; versionId?: string; inline?: boolean }> = {
  rest: ['GET /:id/download', 'GET /:id/versions/:versionId/download'],
  summary: 'The file of the current (or a given) version; `inline=true` shows a PDF in the browser',
  permissions: ['documents:read'],
  params: { ...idParam, versionId: { type: 'uuid', optional: true }, inline: { type: 'boolean', convert: true, optional: true } },
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    const v = await versionOf(ctx.db, doc.id, ctx.params.versionId ?? doc.current_version_id!);
    // a read action's EntityManager is not in a transaction: the stream may keep using it after return
    return sendVersion(ctx, ctx.db, doc.title, v, ctx.params.inline === true);
  },
};

export const linkAction: ModuleAction<{ id: string; versionId?: string }> = {
  rest: 'POST /:id/link',
  summary: `A signed link to the file valid for ${LINK_TTL_SECONDS / 60} minutes (for the browser's PDF viewer)`,
  permissions: ['documents:read'],
  mutation: false,
  params: { ...idParam, versionId: { type: 'uuid', optional: true } },
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    const v = await versionOf(ctx.db, doc.id, ctx.params.versionId ?? doc.current_version_id!);
    const exp = Math.floor(Date.now() / 1000) + LINK_TTL_SECONDS;
    const token = signLink({ agencyId: ctx.user.agencyId, documentId: doc.id, versionId: v.id, exp });
    return { url: `/api/v1/documents/files/${token}`, expiresAt: new Date(exp * 1000).toISOString() };
  },
};

export const signedFileAction: ModuleAction<{ token: string }> = {
  rest: 'GET /files/:token',
  summary: 'The file behind a signed link (no sign-in: the link is the permission)',
  auth: 'public',
  params: { token: { type: 'string', max: 1000 } },
  async handler(ctx) {
    const claims = verifyLink(ctx.params.token);
    if (!claims) throw errors.notFound('File');
    const db = new TenantScope(ctx.em, claims.agencyId);
    const [doc] = await db.sql<{ title: string }>('select title from knowledge_base.document where agency_id = $agency and id = ?', [claims.documentId]);
    if (!doc) throw errors.notFound('File');
    const v = await versionOf(db, claims.documentId, claims.versionId);
    return sendVersion(ctx, db, doc.title, v, true);
  },
};

export const previewAction: ModuleAction<{ id: string; versionId?: string }> = {
  rest: ['GET /:id/preview', 'GET /:id/versions/:versionId/preview'],
  summary: 'What to show: Markdown source, HTML to sanitise (DOCX, HTML), plain text, or a signed PDF link',
  permissions: ['documents:read'],
  params: { ...idParam, versionId: { type: 'uuid', optional: true } },
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    const v = await versionOf(ctx.db, doc.id, ctx.params.versionId ?? doc.current_version_id!);
    const base = { versionId: v.id, fileType: v.file_type, status: v.status, failureReason: v.failure_reason };
    if (v.file_type === 'pdf') {
      const exp = Math.floor(Date.now() / 1000) + LINK_TTL_SECONDS;
      return { ...base, format: 'pdf', url: `/api/v1/documents/files/${signLink({ agencyId: ctx.user.agencyId, documentId: doc.id, versionId: v.id, exp })}` };
    }
    if (v.file_type === 'markdown') {
      const source = v.markdown ?? (v.file_id ? (await storage.readAll((q, p) => ctx.db.sql(q, p), v.file_id)).toString('utf8') : '');
      return { ...base, format: 'markdown', markdown: source };
    }
    if ((v.file_type === 'docx' || v.file_type === 'html') && v.preview_html !== null) return { ...base, format: 'html', html: v.preview_html };
    return { ...base, format: 'text', text: v.extracted_text ?? '' };
  },
};
