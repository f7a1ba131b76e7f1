/** Create (upload or write), read, edit, archive, restore, delete and star one document. */
import { applyArrayChange, assertVersion, errors, setETag, type ActionContext, type ArrayChange, type ModuleAction } from '@audienceos/module-sdk';
import { visibleDocument } from '../access';
import { DOCUMENT_EVENTS } from '../constants';
import { addVersion, createDocument, duplicateOf, pgArrayItem } from '../documents';
import { documentDto, SELECT_DOCUMENT, type DocumentRow } from '../dto';
import { categoryRule, descriptionRule, idParam, markdownRule, MAX_TAGS, splitList, tagArrayRule, tagListRule, tagsRule, titleRule } from '../params';
import { assertCategory, assertClient } from '../references';
import { receiveUpload } from '../upload';

/** The document as saved now, for the caller (`starred` is theirs); sets `ETag` to its revision. */
async function answer(ctx: ActionContext, id: string) {
  const [row] = await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = ?`, [ctx.user.id, id]);
  setETag(ctx, row!.revision);
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

const uploadParams = {
  title: { ...titleRule, optional: true },
  description: descriptionRule,
  category: categoryRule,
  clientId: { type: 'uuid', optional: true },
  tags: tagListRule,
  allowDuplicate: { type: 'boolean', convert: true, optional: true },
} as const;

/**
 * The upload's details from the query string and the multipart form's text fields together (a
 * field sent both ways: the form's value wins), validated with the same rules as the query
 * string: 422 naming the field (an unknown form field included), before anything is kept.
 */
function uploadDetails(ctx: ActionContext<UploadParams>, fields: Record<string, string>): UploadParams {
  const unknown = Object.keys(fields).filter((k) => !(k in uploadParams));
  if (unknown.length) throw errors.invalid(unknown.map((field) => ({ field, message: `The '${field}' field cannot be set here`, type: 'forbidden' })));
  const query = Object.fromEntries(Object.entries(ctx.params).filter(([k]) => !k.startsWith('$')));
  const merged: Record<string, unknown> = { ...query, ...fields };
  const check = ctx.broker.validator!.compile({ $$strict: true, ...uploadParams }) as (p: unknown) => true | { field?: string; message?: string; type?: string }[];
  const result = check(merged);
  if (result !== true) throw errors.invalid(result.map((e) => ({ field: e.field ?? 'body', message: e.message ?? 'invalid', type: e.type ?? 'invalid' })));
  return merged as UploadParams;
}

const titleFromName = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_-]+/g, ' ').trim().slice(0, 200) || 'Untitled';

export const uploadAction: ModuleAction<UploadParams> = {
  rest: { method: 'POST', path: '/upload', type: 'stream' },
  summary:
    'Upload one file (multipart/form-data, streamed; Content-Encoding gzip accepted, others 415). Details (title, description, category, clientId, tags comma-separated, allowDuplicate) as form fields or in the query string (the form wins). 413 over the limit, 415 for other types, 409 DUPLICATE_DOCUMENT when the same bytes exist (allowDuplicate=true keeps both)',
  permissions: ['documents:write'],
  params: uploadParams,
  timeout: 10 * 60_000,
  async handler(ctx) {
    // Refuse what the query string already gets wrong before reading the body.
    if (ctx.params.category) await assertCategory(ctx, ctx.params.category);
    if (ctx.params.clientId) await assertClient(ctx, ctx.params.clientId);
    const file = await receiveUpload(ctx);
    // Form fields come with the body: checked now (the transaction drops the stored bytes on a refusal).
    const p = uploadDetails(ctx, file.fields ?? {});
    const category = p.category ?? (p.clientId ? 'client-specific' : 'technical');
    await assertCategory(ctx, category);
    if (p.clientId) await assertClient(ctx, p.clientId);
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
  params: { title: titleRule, description: descriptionRule, category: categoryRule, clientId: { type: 'uuid', optional: true, nullable: true }, tags: tagArrayRule, markdown: markdownRule },
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
    const row = await visibleDocument(ctx, ctx.params.id);
    setETag(ctx, row.revision);
    return documentDto(row);
  },
};

interface UpdateParams extends Partial<Omit<WriteParams, 'tags'>> {
  id: string;
  tags?: ArrayChange<string>;
}

export const updateAction: ModuleAction<UpdateParams> = {
  rest: 'PATCH /:id',
  summary:
    'Edit the details; `markdown` (written documents) saves a new version. `tags` takes a list or `{ add, remove }`. With If-Match (the `revision`), 412 PRECONDITION_FAILED with `data.current` when someone saved in between',
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
    // Locked above: If-Match compares with the latest save.
    await assertVersion(ctx, doc.revision, () => documentDto(doc));
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
    // Operations apply to the tags as stored (row locked): two people adding tags keep both.
    if (p.tags !== undefined) set('tags', `{${applyArrayChange(doc.tags ?? [], p.tags, 'tags', MAX_TAGS).map(pgArrayItem).join(',')}}`, '::text[]');
    if (sets.length) {
      await ctx.db.sql(
        `update knowledge_base.document set ${sets.join(', ')}, updated_at = now()${p.markdown === undefined ? ', revision = revision + 1' : ''} where id = ? and agency_id = $agency`,
        [...params, doc.id],
      );
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
    await ctx.db.sql(`update knowledge_base.document set archived_at = ${archived ? 'coalesce(archived_at, now())' : 'null'}, revision = revision + 1 where id = ? and agency_id = $agency`, [doc.id]);
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
