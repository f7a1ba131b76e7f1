import { createReadStream, promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serve `relative` from `root` (no escaping above it). Resolves false when there is no such file. */
export async function sendFile(res: ServerResponse, root: string, relative: string): Promise<boolean> {
  const file = path.join(root, path.normalize(decodeURIComponent(relative)).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(root)) return false;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
  } catch {
    return false;
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
  createReadStream(file).pipe(res);
  return true;
}
