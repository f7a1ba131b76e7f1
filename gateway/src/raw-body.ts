/**
 * Signed webhooks (Slack's v0 signature, …) are computed over the exact request bytes, which a
 * parsed-and-restringified body cannot reproduce. An action that declares `rawBody: true`
 * (in the SDK's `ModuleAction`) gets them as `ctx.meta.rawBody` (UTF-8 text) together with the
 * request headers as `ctx.meta.webhookHeaders` (lower-case names; Authorization and Cookie
 * removed). Every other action gets neither: the bytes are only kept on the request object.
 * Size limits stay those of the JSON body parser (413 above the gateway's body limit).
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'moleculer';
import type { Meta } from '@audienceos/module-sdk';

type RawReq = IncomingMessage & { aosRawBody?: Buffer; $action?: { rawBody?: boolean } };
type Verify = (req: IncomingMessage, res: unknown, buf: Buffer, encoding: string) => void;

/** Wrap a route's JSON body parser so that it keeps the raw bytes on the request. */
export function keepRawBody(route: Record<string, unknown>): void {
  const parsers = route.bodyParsers as { json?: unknown } | false | undefined;
  if (!parsers || !parsers.json) return;
  const json = (typeof parsers.json === 'object' ? parsers.json : {}) as { verify?: Verify };
  const inner = json.verify;
  route.bodyParsers = {
    ...parsers,
    json: {
      ...json,
      verify(req: IncomingMessage, res: unknown, buf: Buffer, encoding: string) {
        inner?.(req, res, buf, encoding);
        (req as RawReq).aosRawBody = buf;
      },
    },
  };
}

/** `onBeforeCall`: hand the raw body and headers to actions that asked for them. */
export function rawBodyToMeta(ctx: Context<unknown, Meta>, req: IncomingMessage): void {
  const r = req as RawReq;
  if (!r.$action?.rawBody) return;
  ctx.meta.rawBody = r.aosRawBody ? r.aosRawBody.toString('utf8') : '';
  const { authorization: _a, cookie: _c, ...headers } = req.headers;
  ctx.meta.webhookHeaders = headers;
}
