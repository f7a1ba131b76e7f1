/** Create (upload or write), read, edit, archive, restore, delete and star one document. */
import { errors, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { visibleDocument } from '../access';
import { DOCUMENT_EVENTS } from '../constants';
import { addVersion, createDocument, duplicateOf, pgArrayItem } from '../documents';
import { documentDto, SELECT_DOCUMENT, type DocumentRow } from '../dto';
import { categoryRule, descriptionRule, idParam, markdownRule, splitList, tagListRule, tagsRule, titleRule } from '../params';
import { assertCategory, assertClient } from '../references';
import { receiveUpload } from '../upload';

async function answer(ctx: ActionContext, id: string) {
  const [row] = await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = ?`, [ctx.user.id, id]);
  return documentDto(row!);
}

interface UploadParams {
  title?: string;
  description?: string;
  category?: string;
  clientId?: string;
  tags?: string;
  allowDuplicate?: boolean;
}

const titleFromName = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_-]+/g, ' ').trim().slice(0, 200) || 'Untitled';

export const uploadAction: ModuleAction<UploadParams> = {
  rest: { method: 'POST', path: '/upload', type: 'stream' },
  summary:
    'Upload one file (multipart/form-data, streamed; fields in the query string). 413 over the limit, 415 for other types, 409 DUPLICATE_DOCUMENT when the same bytes exist (allowDuplicate=true keeps both)',
  permissions: ['documents:write'],
  params: {
    title: { ...titleRule, optional: true },
    description: descriptionRule,
    category: categoryRule,
    clientId: { type: 'uuid', optional: true },
    tags: tagListRule,
    allowDuplicate: { type: 'boolean', convert: true, optional: true },
  },
  timeout: 10 * 60_000,
  async handler(ctx) {
    const p = ctx.params;
    const category = p.category ?? (p.clientId ? 'client-specific' : 'technical');
    await assertCategory(ctx, category);
    if (p.clientId) await assertClient(ctx, p.clientId);
    const file = await receiveUpload(ctx);
    if (!p.allowDuplicate) {
      const existing = await duplicateOf(ctx, file.sha256);
      // thrown: the transaction rolls back, so the second copy of the bytes is not kept
      if (existing) throw errors.conflict(`This file is already in the knowledge base as "${existing.title}"`, 'DUPLICATE_DOCUMENT', { documentId: existing.id, title: existing.title });
    }
    const id = await createDocument(
      ctx,
      { title: p.title ?? titleFromName(file.fileName), description: p.description, category, clientId: p.clientId ?? null, tags: splitList(p.tags) },
      { kind: 'file', fileType: file.fileType, file },
    );
    ctx.meta.$statusCode = 201;
    return answer(ctx, id);
  },
};

interface WriteParams {
  title: string;
  description?: string;
  category?: string;
  clientId?: string | null;
  tags?: string[];
  markdown: string;
}

export const createAction: ModuleAction<WriteParams> = {
  rest: 'POST /',
  summary: 'Write a document in the app (Markdown)',
  permissions: ['documents:write'],
  params: { title: titleRule, description: descriptionRule, category: categoryRule, clientId: { type: 'uuid', optional: true, nullable: true }, tags: tagsRule, markdown: markdownRule },
  async handler(ctx) {
    const p = ctx.params;
    const category = p.category ?? (p.clientId ? 'client-specific' : 'process');
    await assertCategory(ctx, category);
    if (p.clientId) await assertClient(ctx, p.clientId);
    const id = await ctx.idempotent(() =>
      createDocument(ctx, { title: p.title, description: p.description, category, clientId: p.clientId ?? null, tags: p.tags }, { kind: 'written', fileType: 'markdown', markdown: p.markdown }),
    );
    ctx.meta.$statusCode = 201;
    return answer(ctx, id);
  },
};

export const getAction: ModuleAction<{ id: string }> = {
  rest: 'GET /:id',
  permissions: ['documents:read'],
  params: idParam,
  async handler(ctx) {
    return documentDto(await visibleDocument(ctx, ctx.params.id));
  },
};

interface UpdateParams extends Partial<WriteParams> {
  id: string;
}

export const updateAction: ModuleAction<UpdateParams> = {
  rest: 'PATCH /:id',
  summary: 'Edit the details; `markdown` (written documents) saves a new version',
  permissions: ['documents:write'],
  params: {
    ...idParam,
    title: { ...titleRule, optional: true },
    description: descriptionRule,
    category: categoryRule,
    clientId: { type: 'uuid', optional: true, nullable: true },
    tags: tagsRule,
    markdown: { ...markdownRule, optional: true },
  },
  async handler(ctx) {
    const p = ctx.params;
    const doc = await visibleDocument(ctx, p.id, true);
    if (doc.archived_at) throw errors.conflict('This document is archived: restore it before changing it', 'DOCUMENT_ARCHIVED', { id: doc.id });
    if (p.category !== undefined) await assertCategory(ctx, p.category);
    if (p.clientId) await assertClient(ctx, p.clientId);
    if (p.markdown !== undefined && doc.kind !== 'written') {
      throw errors.invalid({ field: 'markdown', message: 'An uploaded document changes by uploading a new version', type: 'forbidden' });
    }
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown, cast = '') => {
      sets.push(`${column} = ?${cast}`);
      params.push(value);
    };
    if (p.title !== undefined) set('title', p.title);
    if (p.description !== undefined) set('description', p.description);
    if (p.category !== undefined) set('category', p.category);
    if (p.clientId !== undefined) set('client_id', p.clientId);
    if (p.tags !== undefined) set('tags', `{${p.tags.map(pgArrayItem).join(',')}}`, '::text[]');
    if (sets.length) {
      await ctx.db.sql(`update knowledge_base.document set ${sets.join(', ')}, updated_at = now() where id = ? and agency_id = $agency`, [...params, doc.id]);
    }
    if (p.markdown !== undefined) {
      await addVersion(ctx, { ...doc, title: p.title ?? doc.title }, { kind: 'written', fileType: 'markdown', markdown: p.markdown }, 'edited');
    } else if (sets.length) {
      ctx.emitDurable(DOCUMENT_EVENTS.updated, { documentId: doc.id, title: p.title ?? doc.title, version: doc.version_number, change: 'details' });
    }
    return answer(ctx, doc.id);
  },
};

const setArchived = (archived: boolean): ModuleAction<{ id: string }> => ({
  rest: `POST /:id/${archived ? 'archive' : 'unarchive'}`,
  summary: archived ? 'Archive (hidden from search, restorable)' : 'Restore an archived document',
  permissions: ['documents:write'],
  params: idParam,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id, true);
    await ctx.db.sql(`update knowledge_base.document set archived_at = ${archived ? 'coalesce(archived_at, now())' : 'null'} where id = ? and agency_id = $agency`, [doc.id]);
    return answer(ctx, doc.id);
  },
});
export const archiveAction = setArchived(true);
export const unarchiveAction = setArchived(false);

export const removeAction: ModuleAction<{ id: string }> = {
  rest: 'DELETE /:id',
  summary: 'Delete a document, its versions and their files for good',
  permissions: ['documents:delete'],
  params: idParam,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id, true);
    const files = await ctx.db.sql<{ file_id: string }>('select file_id from knowledge_base.version where document_id = ? and file_id is not null', [doc.id]);
    await ctx.db.sql('delete from knowledge_base.document where id = ? and agency_id = $agency', [doc.id]);
    if (files.length) await ctx.db.sql('delete from knowledge_base.file where agency_id = $agency and id = any(?::uuid[])', [`{${files.map((f) => f.file_id).join(',')}}`]);
    ctx.meta.$statusCode = 204;
    return null;
  },
};

const star = (on: boolean): ModuleAction<{ id: string }> => ({
  rest: `${on ? 'PUT' : 'DELETE'} /:id/star`,
  summary: on ? 'Star for me' : 'Unstar for me',
  permissions: ['documents:read'],
  mutation: true,
  params: idParam,
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    if (on) {
      await ctx.db.sql('insert into knowledge_base.star (agency_id, user_id, document_id) values ($agency, ?, ?) on conflict do nothing', [ctx.user.id, doc.id]);
    } else {
      await ctx.db.sql('delete from knowledge_base.star where agency_id = $agency and user_id = ? and document_id = ?', [ctx.user.id, doc.id]);
    }
    return answer(ctx, doc.id);
  },
});
export const starAction = star(true);
export const unstarAction = star(false);
