/** Rows as read by SQL, and the shapes the API answers with. */
import type { DocKind, ExtractionStatus, FileType } from './constants';

/** Every document column the API shows, plus `starred` for the caller (first parameter). */
export const SELECT_DOCUMENT = `
  select d.id, d.title, d.description, d.category, d.client_id, d.tags, d.author_id, d.kind, d.file_type, d.version_number,
         d.current_version_id, d.status, d.failure_reason, d.sha256, d.size_bytes, d.page_count, d.word_count, d.archived_at,
         d.created_at, d.updated_at, d.revision,
         exists (select 1 from knowledge_base.star s where s.document_id = d.id and s.user_id = ?::uuid) as starred
    from knowledge_base.document d`;

export interface DocumentRow {
  id: string;
  title: string;
  description: string;
  category: string;
  client_id: string | null;
  tags: string[];
  author_id: string | null;
  kind: DocKind;
  file_type: FileType;
  version_number: number;
  current_version_id: string | null;
  status: ExtractionStatus;
  failure_reason: string | null;
  sha256: string | null;
  size_bytes: string | number;
  page_count: number | null;
  word_count: number | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
  revision: number;
  starred: boolean;
}

export interface DocumentDto {
  id: string;
  title: string;
  description: string;
  category: string;
  clientId: string | null;
  tags: string[];
  authorId: string | null;
  kind: DocKind;
  fileType: FileType;
  /** The document's version number (v1, v2… of its content; see `revision` for If-Match). */
  version: number;
  /**
   * The edit version: the `ETag`; send it as `If-Match` on PATCH (412 with `data.current` when
   * someone saved in between). +1 on every write by a person.
   */
  revision: number;
  status: ExtractionStatus;
  failureReason: string | null;
  sha256: string | null;
  /** Bytes of the current version's file (0 for a written document's Markdown, which is its text). */
  sizeBytes: number;
  pageCount: number | null;
  wordCount: number | null;
  starred: boolean;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function documentDto(r: DocumentRow): DocumentDto {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    category: r.category,
    clientId: r.client_id,
    tags: r.tags ?? [],
    authorId: r.author_id,
    kind: r.kind,
    fileType: r.file_type,
    version: r.version_number,
    revision: r.revision,
    status: r.status,
    failureReason: r.failure_reason,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    pageCount: r.page_count,
    wordCount: r.word_count,
    starred: Boolean(r.starred),
    archived: r.archived_at !== null,
    archivedAt: iso(r.archived_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export interface VersionRow {
  id: string;
  number: number;
  kind: DocKind;
  file_type: FileType;
  file_id: string | null;
  file_name: string | null;
  size_bytes: string | number;
  sha256: string | null;
  status: ExtractionStatus;
  failure_reason: string | null;
  page_count: number | null;
  word_count: number | null;
  created_by: string | null;
  created_at: Date;
}

export const SELECT_VERSION = `select v.id, v.number, v.kind, v.file_type, v.file_id, v.file_name, v.size_bytes, v.sha256, v.status, v.failure_reason,
  v.page_count, v.word_count, v.created_by, v.created_at from knowledge_base.version v`;

export function versionDto(v: VersionRow, currentId: string | null) {
  return {
    id: v.id,
    number: v.number,
    kind: v.kind,
    fileType: v.file_type,
    fileName: v.file_name,
    sizeBytes: Number(v.size_bytes),
    sha256: v.sha256,
    status: v.status,
    failureReason: v.failure_reason,
    pageCount: v.page_count,
    wordCount: v.word_count,
    createdBy: v.created_by,
    createdAt: iso(v.created_at)!,
    current: v.id === currentId,
  };
}
