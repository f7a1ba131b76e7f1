/**
 * Receives one file (and the form's text fields) from a multipart request body, streamed: the bytes go to storage in
 * chunks as they arrive (never the whole file in memory), hashed (SHA-256) and counted on
 * the way. Refusals happen before anything is kept: a declared length over the limit is a
 * 413 before reading, an unaccepted type a 415 after the first 64 KB, and a body that grows
 * past the limit a 413 that rolls back the chunks already written (same transaction).
 * `Content-Encoding: gzip` (or `x-gzip`) is accepted and inflated on the fly (the limit counts
 * the inflated file); any other encoding but `identity` is a 415 naming the accepted ones, and
 * a body that is not valid gzip a 400 INVALID_CONTENT_ENCODING.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { MoleculerClientError, type ActionContext } from '@audienceos/module-sdk';
import { ACCEPTED_TYPES_TEXT, FILE_TYPES, limits, type FileType } from './constants';
import { detectType, SAMPLE_BYTES } from './detect';
import { storage } from './storage';

export interface ReceivedFile {
  fileId: string;
  fileName: string;
  fileType: FileType;
  sizeBytes: number;
  sha256: string;
  /** The form's text fields (name → value; the last one wins), before or after the file part. Unvalidated. Set by `receiveUpload`. */
  fields?: Record<string, string>;
}

/** Request headers the gateway hands to stream routes (`ctx.meta.streamHeaders`). */
interface StreamHeaders {
  contentType?: string;
  contentLength?: number;
  /** Lower-cased `Content-Encoding`, when the request has one. */
  contentEncoding?: string;
}

/** Content-Encodings an upload may use. */
export const ACCEPTED_ENCODINGS = ['identity', 'gzip'] as const;

const MULTIPART_OVERHEAD = 64 * 1024;

export const tooLarge = (max: number) =>
  new MoleculerClientError(`The file is larger than the ${Math.round(max / 1024 / 1024)} MB limit`, 413, 'PAYLOAD_TOO_LARGE', { maxBytes: max });
export const unsupportedType = (detail?: string) =>
  new MoleculerClientError(`Only ${ACCEPTED_TYPES_TEXT} files can be uploaded${detail ? ` (${detail})` : ''}`, 415, 'UNSUPPORTED_MEDIA_TYPE', {
    accepted: [...FILE_TYPES],
  });

/** Throw away the rest of the request body so that the client receives the answer. */
function drain(stream: Readable) {
  stream.unpipe();
  stream.on('error', () => undefined);
  stream.resume();
}

async function storeFile(ctx: ActionContext, file: BusboyFileStream, fileName: string, maxBytes: number): Promise<Omit<ReceivedFile, 'fields'>> {
  const fileId = randomUUID();
  const hash = createHash('sha256');
  let size = 0;
  let writer: ReturnType<typeof storage.create> | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;
  let fileType: FileType | null = null;
  const sql = ctx.db.sql.bind(ctx.db);
  const start = async (complete: boolean) => {
    const sample = Buffer.concat(head);
    fileType = await detectType(sample.subarray(0, SAMPLE_BYTES), fileName, complete);
    if (!fileType) throw unsupportedType(sample.length === 0 ? 'the file is empty' : undefined);
    writer = storage.create(sql, ctx.user.agencyId, fileId);
    await writer.write(sample);
    head = [];
  };
  for await (const chunk of file as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    hash.update(chunk);
    if (writer) {
      await (writer as ReturnType<typeof storage.create>).write(chunk);
    } else {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= SAMPLE_BYTES) await start(false);
    }
  }
  if (!writer) await start(true);
  const sha256 = hash.digest('hex');
  await writer!.finish(size, sha256);
  return { fileId, fileName, fileType: fileType!, sizeBytes: size, sha256 };
}

/**
 * The client's file name as something PostgreSQL can store: no NUL, no lone surrogate (a NUL
 * in the `filename` of the part was a 503 DATABASE_ERROR), at most 255 characters.
 */
function safeFileName(name: string | undefined): string {
  const clean = (name ?? '')
    .replaceAll('\u0000', '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .slice(0, 255);
  return clean || 'upload';
}

/**
 * The single file of this multipart request, stored, with the form's text fields (`fields`, for
 * the caller to validate). Errors: 415 (not multipart, an unaccepted encoding or file type), 413,
 * 400 BAD_MULTIPART / INVALID_CONTENT_ENCODING, 422 NO_FILE.
 */
export async function receiveUpload(ctx: ActionContext): Promise<ReceivedFile> {
  const maxBytes = limits.maxUploadBytes;
  const raw = (ctx as unknown as { stream?: Readable }).stream;
  const headers = (ctx.meta.streamHeaders ?? {}) as StreamHeaders;
  const contentType = headers.contentType ?? '';
  if (!raw) throw unsupportedType('send the file as multipart/form-data');
  const encoding = headers.contentEncoding || 'identity';
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    drain(raw);
    throw new MoleculerClientError(`Uploads accept Content-Encoding gzip or none, not '${encoding}'`, 415, 'UNSUPPORTED_ENCODING', { accepted: [...ACCEPTED_ENCODINGS] });
  }
  if (!/^multipart\/form-data/i.test(contentType)) {
    drain(raw);
    throw new MoleculerClientError('Send the file as multipart/form-data', 415, 'UNSUPPORTED_MEDIA_TYPE', { accepted: ['multipart/form-data'] });
  }
  // The declared length is the compressed one for gzip: only an identity body is refused by it up front.
  if (encoding === 'identity' && headers.contentLength && headers.contentLength > maxBytes + MULTIPART_OVERHEAD) {
    drain(raw);
    throw tooLarge(maxBytes);
  }
  let busboy: ReturnType<typeof Busboy>;
  try {
    busboy = Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fields: 20, parts: 25, fieldSize: 10_000 } });
  } catch (err) {
    // e.g. `multipart/form-data` without a boundary: busboy throws at construction (was a 500).
    drain(raw);
    throw new MoleculerClientError(`The upload could not be read: ${(err as Error).message}`, 400, 'BAD_MULTIPART');
  }
  // gzip: inflated as it streams (never whole in memory); the limit applies to the inflated file,
  // and to the whole inflated body: a small gzip of a huge preamble/epilogue (a "zip bomb", 1 MB
  // inflating to 1 GB beside an 11-byte file) is stopped at the limit instead of inflated to the end.
  const stream: Readable = encoding === 'identity' ? raw : raw.pipe(createGunzip());
  const inflatedLimit = maxBytes + MULTIPART_OVERHEAD;
  return new Promise<ReceivedFile>((resolve, reject) => {
    let work: Promise<Omit<ReceivedFile, 'fields'>> | null = null;
    let settled = false;
    const fields: Record<string, string> = {};
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      if (stream !== raw) {
        // Stop inflating (a drained gunzip would inflate the rest of the body for nothing).
        drain(raw);
        stream.unpipe();
        stream.on('error', () => undefined);
        stream.destroy();
      } else drain(stream);
      reject(err);
    };
    if (stream !== raw) {
      let inflated = 0;
      stream.on('data', (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > inflatedLimit) fail(tooLarge(maxBytes));
      });
    }
    busboy.on('field', (name: string, value: string) => {
      fields[safeFileName(name).slice(0, 60)] = value;
    });
    busboy.on('file', (_field, file, fileName) => {
      if (work) return file.resume();
      work = storeFile(ctx, file, safeFileName(fileName), maxBytes);
      work.catch((err) => {
        file.resume();
        fail(err);
      });
    });
    busboy.on('error', (err: Error) => fail(new MoleculerClientError(`The upload could not be read: ${err.message}`, 400, 'BAD_MULTIPART')));
    busboy.on('finish', () => {
      if (!work) return fail(new MoleculerClientError('The request contains no file', 422, 'NO_FILE'));
      work.then((r) => {
        if (settled) return;
        settled = true;
        resolve({ ...r, fields });
      }, fail);
    });
    stream.on('error', (err) =>
      fail(stream !== raw ? new MoleculerClientError('The request body does not match its Content-Encoding (gzip)', 400, 'INVALID_CONTENT_ENCODING') : err),
    );
    if (stream !== raw) raw.on('error', (err) => fail(err));
    stream.pipe(busboy);
  });
}
