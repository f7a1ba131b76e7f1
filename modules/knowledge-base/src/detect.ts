/**
 * The type of an upload, decided from its first bytes, never from its name: binary formats
 * by their signature (`file-type`), text formats by being valid UTF-8 without NUL bytes and
 * then by their content (HTML markup). Markdown and plain text are both plain UTF-8; the
 * name's `.md` suffix or Markdown structure (headings, lists, fences) picks Markdown.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileType } from './constants';

/** How many leading bytes are examined (enough for file-type to look inside a DOCX zip). */
export const SAMPLE_BYTES = 64 * 1024;

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (r: { ext: string | null }) => void>();

function detector(): Worker {
  if (worker) return worker;
  const w = new Worker(path.join(__dirname, 'workers', 'detect-worker.mjs'));
  w.on('message', (m: { id: number; ext: string | null }) => {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
  });
  const fail = () => {
    worker = null;
    for (const resolve of waiting.values()) resolve({ ext: null });
    waiting.clear();
  };
  w.on('error', fail);
  w.on('exit', fail);
  // referenced only while an answer is awaited: an idle detector never keeps a process alive
  w.unref();
  worker = w;
  return w;
}

function signature(sample: Buffer): Promise<string | null> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, (r) => resolve(r.ext));
    const w = detector();
    w.ref();
    w.postMessage({ id, bytes: new Uint8Array(sample) });
  });
}

function isUtf8Text(sample: Buffer, complete: boolean): boolean {
  if (sample.includes(0)) return false;
  // a multi-byte character may be cut at the end of the sample: ignore up to 3 trailing bytes
  const body = complete ? sample : sample.subarray(0, Math.max(0, sample.length - 3));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

const HTML_START = /^\s*(<!--[\s\S]*?-->\s*)*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const MARKDOWN_SIGNS = /(^|\n)(#{1,6}\s|[-*+]\s|\d+\.\s|```|>\s)|\[[^\]]+\]\([^)]+\)/;

/** The accepted type of this sample, or null (→ 415). `complete`: the sample is the whole file. */
export async function detectType(sample: Buffer, fileName: string, complete: boolean): Promise<FileType | null> {
  if (sample.length === 0) return null;
  const ext = await signature(sample);
  if (ext === 'pdf') return 'pdf';
  if (ext === 'docx') return 'docx';
  if (ext) return null; // a recognised binary format that is not accepted (zip, png, exe…)
  if (!isUtf8Text(sample, complete)) return null;
  const text = sample.toString('utf8');
  if (HTML_START.test(text)) return 'html';
  if (/\.(md|markdown)$/i.test(fileName) || MARKDOWN_SIGNS.test(text)) return 'markdown';
  return 'text';
}
