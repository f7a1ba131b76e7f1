/**
 * Static hosting for the default run: the shell from `shell/dist` (SPA fallback to its
 * index.html) and each remote from `remotes/<name>/dist` under `/remotes/<name>/`. Hashed
 * files are cached for a year; entry points (index.html, remoteEntry.js) are revalidated so
 * that a redeployed remote is picked up at once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function safeJoin(root: string, urlPath: string): string | null {
  const decoded = decodeURIComponent(urlPath.split('?')[0]!);
  const full = path.normalize(path.join(root, decoded));
  return full.startsWith(root + path.sep) || full === root ? full : null;
}

/**
 * The shell's index.html carries a tiny inline script (theme before first paint, no flash).
 * Instead of 'unsafe-inline', the page's CSP allows exactly the inline scripts it contains,
 * by hash.
 */
const inlineHashes = new Map<string, { mtime: number; hashes: string[] }>();
function inlineScriptHashes(file: string, mtime: number): string[] {
  const cached = inlineHashes.get(file);
  if (cached?.mtime === mtime) return cached.hashes;
  const html = fs.readFileSync(file, 'utf8');
  const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  inlineHashes.set(file, { mtime, hashes });
  return hashes;
}

/** Text assets are sent gzip-compressed (built once per file version, kept in memory). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.svg', '.txt']);
const gzipped = new Map<string, { mtime: number; body: Buffer }>();
function gzipOf(file: string, mtime: number): Buffer {
  const cached = gzipped.get(file);
  if (cached?.mtime === mtime) return cached.body;
  const body = zlib.gzipSync(fs.readFileSync(file), { level: 9 });
  gzipped.set(file, { mtime, body });
  return body;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, entryPoint: boolean): void {
  const stat = fs.statSync(file);
  if (file.endsWith('.html')) {
    const csp = String(res.getHeader('Content-Security-Policy') ?? '');
    const hashes = inlineScriptHashes(file, stat.mtimeMs);
    if (csp && hashes.length) res.setHeader('Content-Security-Policy', csp.replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`));
  }
  const etag = `"${stat.size.toString(16)}-${stat.mtimeMs.toString(16)}"`;
  res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', entryPoint ? 'no-cache' : 'public, max-age=31536000, immutable');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  res.setHeader('Vary', 'Accept-Encoding');
  if (COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const body = gzipOf(file, stat.mtimeMs);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.length);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.setHeader('Content-Length', stat.size);
  res.writeHead(200);
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}

const isFile = (f: string | null): f is string => Boolean(f && fs.existsSync(f) && fs.statSync(f).isFile());
const isEntryPoint = (f: string) => /(^|\/)(index\.html|remoteEntry\.js|mf-manifest\.json)$/.test(f);

export function staticFiles(webRoot: string, extraRemotes: Record<string, string> = {}) {
  const shellDist = path.join(webRoot, 'shell', 'dist');
  const serveSourceMaps = process.env.SERVE_SOURCE_MAPS === 'true';
  return function serveStatic(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const url = (req.url ?? '/').split('?')[0]!;
    // Source maps stay private (they hand out the sources): 404 unless explicitly allowed.
    if (url.endsWith('.map') && !serveSourceMaps) return next();
    const remote = /^\/remotes\/([a-z0-9-]+)(\/.*)$/.exec(url);
    if (remote) {
      const dist = extraRemotes[remote[1]!] ?? path.join(webRoot, 'remotes', remote[1]!, 'dist');
      const file = safeJoin(dist, remote[2]!);
      if (isFile(file)) return sendFile(req, res, file, isEntryPoint(file));
      return next();
    }
    const file = safeJoin(shellDist, url === '/' ? '/index.html' : url);
    if (isFile(file)) return sendFile(req, res, file, isEntryPoint(file));
    // Client-side routes (/pipeline/…) get the shell; missing assets (with an extension) 404.
    const index = path.join(shellDist, 'index.html');
    if (!path.extname(url) && fs.existsSync(index) && String(req.headers.accept ?? '').includes('text/html')) {
      return sendFile(req, res, index, true);
    }
    next();
  };
}
