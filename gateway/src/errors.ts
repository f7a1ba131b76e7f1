/**
 * One error shape for every failure: `{name, message, code, type, data}`. Client errors
 * pass through; anything unexpected becomes a 500 without internals (logged instead).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mapDatabaseError } from '@audienceos/module-sdk';

interface AnyError {
  name?: string;
  message?: string;
  code?: unknown;
  type?: string;
  data?: unknown;
  status?: number;
}

const KNOWN_HTTP: Record<string, { code: number; type: string; message: string }> = {
  'entity.parse.failed': { code: 400, type: 'INVALID_JSON', message: 'The request body is not valid JSON' },
  'entity.too.large': { code: 413, type: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  'encoding.unsupported': { code: 415, type: 'UNSUPPORTED_ENCODING', message: 'Unsupported content encoding' },
  'charset.unsupported': { code: 415, type: 'UNSUPPORTED_CHARSET', message: 'Unsupported charset' },
  'body.too.deep': { code: 400, type: 'JSON_TOO_DEEP', message: 'The request body nests too deeply' },
  'body.string.too.long': { code: 413, type: 'STRING_TOO_LONG', message: 'A string in the request body is too long' },
  'content.encoding.mismatch': { code: 400, type: 'INVALID_CONTENT_ENCODING', message: 'The request body does not match its Content-Encoding' },
};

/** zlib's codes (`Z_DATA_ERROR`, `Z_BUF_ERROR`…): a gzip/deflate/br header on a body that is not. */
function isDecodingError(err: AnyError): boolean {
  const inner = (err as { code?: unknown; errno?: unknown }).code;
  return typeof inner === 'string' && /^(Z_|ERR_ZLIB|ERR__ERROR_FORMAT)/.test(inner);
}

export function toErrorBody(input: AnyError): { status: number; body: { name: string; message: string; code: number; type: string; data: unknown } } {
  // A database error that reached the edge unmapped (a gateway service of its own): same mapping as the SDK's.
  let err = mapDatabaseError(input) as AnyError;
  if (isDecodingError(err)) err = { type: 'content.encoding.mismatch' };
  const bodyParser = err.type ? KNOWN_HTTP[err.type] : undefined;
  if (err.name === 'ServiceNotFoundError' || err.name === 'ServiceNotAvailableError') {
    // The module behind this route is not running right now (the distributed run): retry later.
    const data = err.data as { action?: string } | undefined;
    return { status: 503, body: { name: 'ServiceUnavailableError', message: 'This part of the product is not available right now. Try again shortly.', code: 503, type: 'SERVICE_UNAVAILABLE', data: data?.action ? { action: data.action } : null } };
  }
  if (bodyParser) return { status: bodyParser.code, body: { name: 'BadRequestError', message: bodyParser.message, code: bodyParser.code, type: bodyParser.type, data: null } };
  const code = typeof err.code === 'number' && err.code >= 400 && err.code < 600 ? err.code : typeof err.status === 'number' ? err.status : 500;
  if (code >= 500 && code !== 503 && code !== 504) {
    return { status: 500, body: { name: 'InternalError', message: 'Something went wrong on our side. It has been logged.', code: 500, type: 'INTERNAL_ERROR', data: null } };
  }
  return {
    status: code,
    body: {
      name: err.name ?? 'Error',
      message: err.message ?? 'Request failed',
      code,
      type: err.type ?? (code === 404 ? 'NOT_FOUND' : code === 503 ? 'SERVICE_UNAVAILABLE' : 'ERROR'),
      data: err.data ?? null,
    },
  };
}

export function sendJsonError(res: ServerResponse, err: AnyError, log?: (e: unknown) => void): void {
  const { status, body } = toErrorBody(err);
  if (status === 500 && log) log(err);
  if (res.headersSent) return;
  if (status === 429) {
    const retry = (body.data as { retryAfter?: number } | null)?.retryAfter;
    if (retry) res.setHeader('Retry-After', String(retry));
  }
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.writeHead(status);
  res.end(JSON.stringify(body));
}

export function jsonError(_req: IncomingMessage, res: ServerResponse, err: AnyError): void {
  sendJsonError(res, err);
}
