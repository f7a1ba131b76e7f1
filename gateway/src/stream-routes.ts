/**
 * Stream routes: an action whose `rest` is `{ method, path, type: 'stream' }` receives the
 * request body unparsed as `ctx.stream` (moleculer-web's stream alias; the JSON parser leaves
 * non-JSON bodies alone), for uploads that must never be buffered whole. The module then
 * needs the headers a body parser would have read: they go to `ctx.meta.streamHeaders`.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'moleculer';
import type { Meta } from '@audienceos/module-sdk';

type StreamReq = IncomingMessage & { $alias?: { type?: string } };

/** `onBeforeCall`: the body's type and declared length, for stream routes only. */
export function streamHeadersToMeta(ctx: Context<unknown, Meta>, req: IncomingMessage): void {
  if ((req as StreamReq).$alias?.type !== 'stream') return;
  const length = Number(req.headers['content-length']);
  ctx.meta.streamHeaders = {
    contentType: String(req.headers['content-type'] ?? '').slice(0, 300),
    contentLength: Number.isFinite(length) && length >= 0 ? length : undefined,
    // The body is handed on as sent: the action decides which encodings it can read.
    ...(req.headers['content-encoding'] ? { contentEncoding: String(req.headers['content-encoding']).slice(0, 100).trim().toLowerCase() } : {}),
  };
}
