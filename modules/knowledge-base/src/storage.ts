/**
 * Where file bytes live. The default keeps them in PostgreSQL as 256 KB `bytea` chunks, so
 * any process can serve any download (no local-disk assumption in the distributed run).
 * Another backend (an S3-compatible store) implements the same three operations.
 */
import { Readable } from 'node:stream';

/** Runs SQL with `?` placeholders, inside the caller's transaction when there is one. */
export type SqlRunner = <R = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<R[]>;

export interface FileWriter {
  /** Append bytes (any size; stored in chunks of `chunkBytes`). */
  write(bytes: Buffer): Promise<void>;
  /** Flush the last chunk and record the file: size in bytes, SHA-256 hex. */
  finish(size: number, sha256: string): Promise<void>;
}

export interface FileStorage {
  /** A writer for a new file; everything it writes is part of the caller's transaction. */
  create(sql: SqlRunner, agencyId: string, fileId: string): FileWriter;
  /** The whole file as one buffer (extraction of at most the upload limit). */
  readAll(sql: SqlRunner, fileId: string): Promise<Buffer>;
  /** The file as a stream that fetches one chunk at a time (downloads of any size). */
  stream(sql: SqlRunner, fileId: string): Readable;
}

export function postgresStorage(chunkBytes: number): FileStorage {
  return {
    create(sql, agencyId, fileId) {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let seq = 0;
      let created = false;
      const ensureRow = async () => {
        if (created) return;
        // the chunks reference the file row: insert it first, complete it in finish()
        await sql('insert into knowledge_base.file (id, agency_id, size_bytes, sha256, chunk_count) values (?, ?, 0, ?, 0)', [fileId, agencyId, '']);
        created = true;
      };
      const flushChunk = async (all: boolean) => {
        while (pendingBytes >= chunkBytes || (all && pendingBytes > 0)) {
          const joined = Buffer.concat(pending);
          const chunk = joined.subarray(0, chunkBytes);
          const rest = joined.subarray(chunk.length);
          await ensureRow();
          await sql('insert into knowledge_base.file_chunk (file_id, seq, data) values (?, ?, ?)', [fileId, seq++, Buffer.from(chunk)]);
          pending = rest.length ? [Buffer.from(rest)] : [];
          pendingBytes = rest.length;
        }
      };
      return {
        async write(bytes) {
          pending.push(bytes);
          pendingBytes += bytes.length;
          if (pendingBytes >= chunkBytes) await flushChunk(false);
        },
        async finish(size, sha256) {
          await flushChunk(true);
          await ensureRow();
          await sql('update knowledge_base.file set size_bytes = ?, sha256 = ?, chunk_count = ? where id = ?', [size, sha256, seq, fileId]);
        },
      };
    },
    async readAll(sql, fileId) {
      const rows = await sql<{ data: Buffer }>('select data from knowledge_base.file_chunk where file_id = ? order by seq', [fileId]);
      return Buffer.concat(rows.map((r) => r.data));
    },
    stream(sql, fileId) {
      let seq = 0;
      return new Readable({
        async read() {
          try {
            const [row] = await sql<{ data: Buffer }>('select data from knowledge_base.file_chunk where file_id = ? and seq = ?', [fileId, seq++]);
            this.push(row ? row.data : null);
          } catch (err) {
            this.destroy(err as Error);
          }
        },
      });
    },
  };
}

export const storage: FileStorage = postgresStorage(256 * 1024);
