/** The vocabulary of a document, shared by validation, upload, extraction, search and seed. */
export const BUILTIN_CATEGORIES = ['installation', 'technical', 'support', 'process', 'client-specific'] as const;
/** What a stored document is: detected from the bytes (binary formats) or the text itself. */
export const FILE_TYPES = ['pdf', 'docx', 'markdown', 'text', 'html'] as const;
export const DOC_KINDS = ['file', 'written'] as const;
export const STATUSES = ['pending', 'extracting', 'indexed', 'failed'] as const;
/** Text-search configurations an agency may choose (PostgreSQL regconfig names). */
export const LANGUAGES = ['english', 'simple', 'german', 'french', 'spanish', 'italian', 'portuguese', 'dutch'] as const;

export type FileType = (typeof FILE_TYPES)[number];
export type DocKind = (typeof DOC_KINDS)[number];
export type ExtractionStatus = (typeof STATUSES)[number];

export const MIME_OF: Record<FileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export const ACCEPTED_TYPES_TEXT = 'PDF, DOCX, Markdown, plain text or HTML';

export const DOCUMENT_EVENTS = {
  published: 'knowledge-base.document.published',
  updated: 'knowledge-base.document.updated',
} as const;

/** Limits, from the environment (bytes, milliseconds, pages). */
export const limits = {
  get maxUploadBytes(): number {
    return Number(process.env.KB_MAX_UPLOAD_BYTES ?? 50 * 1024 * 1024);
  },
  get extractTimeoutMs(): number {
    return Number(process.env.KB_EXTRACT_TIMEOUT_MS ?? 60_000);
  },
  get maxPages(): number {
    return Number(process.env.KB_MAX_PAGES ?? 2000);
  },
  /** Stored text per version is capped: the index does not need more (tsvector limit is 1 MB). */
  maxIndexedChars: 900_000,
  chunkBytes: 256 * 1024,
};
