/**
 * The ORM view of a document (reads by id through the tenant scope). Writes, search and
 * versions go through SQL (`ctx.db.sql`): the search vector is kept by a trigger and the
 * ranking, snippets and facets are SQL features the ORM does not model.
 */
import { EntitySchema } from '@audienceos/module-sdk';
import type { DocKind, ExtractionStatus, FileType } from './constants';

export class Document {
  id!: string;
  agencyId!: string;
  title!: string;
  description = '';
  category!: string;
  clientId?: string | null;
  tags: string[] = [];
  authorId?: string | null;
  kind!: DocKind;
  fileType!: FileType;
  versionNumber = 1;
  currentVersionId?: string | null;
  status!: ExtractionStatus;
  failureReason?: string | null;
  sha256?: string | null;
  sizeBytes = 0;
  pageCount?: number | null;
  wordCount?: number | null;
  archivedAt?: Date | null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const optUuid = { type: 'uuid', nullable: true } as const;
const ts = { type: 'Date', columnType: 'timestamptz' } as const;

export const DocumentSchema = new EntitySchema<Document>({
  class: Document,
  tableName: 'knowledge_base.document',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    title: { type: 'string' },
    description: { type: 'text' },
    category: { type: 'string' },
    clientId: optUuid,
    tags: { type: 'string[]', columnType: 'text[]' },
    authorId: optUuid,
    kind: { type: 'string' },
    fileType: { type: 'string' },
    versionNumber: { type: 'integer' },
    currentVersionId: optUuid,
    status: { type: 'string' },
    failureReason: { type: 'text', nullable: true },
    sha256: { type: 'string', nullable: true },
    sizeBytes: { type: 'bigint' },
    pageCount: { type: 'integer', nullable: true },
    wordCount: { type: 'integer', nullable: true },
    archivedAt: { ...ts, nullable: true },
    createdAt: ts,
    updatedAt: ts,
  },
});

export const entities = [DocumentSchema];
