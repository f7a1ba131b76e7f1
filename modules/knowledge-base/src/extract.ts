/**
 * Runs one extraction in its own worker thread with a time limit (terminated when it runs
 * over) and a heap cap, so that a corrupt, encrypted or hostile file ends as a readable
 * failure and never blocks the queue or crashes the process.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { limits, type FileType } from './constants';

export type Extraction = { ok: true; text: string; pages: number | null; words: number; previewHtml: string | null } | { ok: false; reason: string };

export function extractText(bytes: Buffer, fileType: FileType, options: { timeoutMs?: number; maxPages?: number } = {}): Promise<Extraction> {
  const timeoutMs = options.timeoutMs ?? limits.extractTimeoutMs;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Extraction) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const worker = new Worker(path.join(__dirname, 'workers', 'extract-worker.mjs'), {
      workerData: { bytes: new Uint8Array(bytes), fileType, maxPages: options.maxPages ?? limits.maxPages },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    const timer = setTimeout(() => done({ ok: false, reason: `Extraction took longer than ${Math.round(timeoutMs / 1000)} s and was stopped` }), timeoutMs);
    worker.on('message', (m: Extraction) => done(m));
    worker.on('error', (err) => done({ ok: false, reason: `Extraction failed: ${err.message}` }));
    worker.on('exit', (code) => done({ ok: false, reason: `Extraction stopped unexpectedly (exit ${code})` }));
  });
}
