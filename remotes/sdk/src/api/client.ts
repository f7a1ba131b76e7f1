import { appStore } from '../state/store';
import { accessTokenAtom } from '../state/session';
import { ApiError, apiErrorFromResponse } from './api-error';
import { refreshAccessToken } from './auth';

/** Paths not starting with `/api/` are relative to this prefix: `api.get('/tickets')`. */
export const API_BASE = '/api/v1';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Added to the URL; null/undefined values are left out, arrays repeat the key. */
  query?: Record<string, QueryValue>;
  /** Serialised as JSON, except FormData/Blob/URLSearchParams which are sent as they are. */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Send the bearer token and refresh on 401 (default true). */
  auth?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const base = /^https?:\/\//.test(path) || path.startsWith('/api/') ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return base;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${qs}`;
}

function isRawBody(body: unknown): body is BodyInit {
  return body instanceof FormData || body instanceof Blob || body instanceof URLSearchParams || body instanceof ArrayBuffer;
}

async function send(url: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (isRawBody(options.body)) body = options.body;
    else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal, credentials: 'same-origin' });
  } catch (error) {
    if (options.signal?.aborted) throw error; // let callers recognise their own abort
    throw new ApiError({ name: 'NetworkError', message: 'Cannot reach the server.', code: 0, type: 'NETWORK_ERROR' });
  }
}

/**
 * Obtain a token that differs from the one the server just rejected: if another request already
 * refreshed in the meantime, reuse its token instead of rotating the refresh cookie again.
 */
async function tokenAfter401(rejected: string | null): Promise<string | null> {
  const current = appStore.get(accessTokenAtom);
  if (current && current !== rejected) return current;
  return refreshAccessToken();
}

/**
 * Call the API. Resolves with the parsed JSON (undefined for 204), rejects with ApiError, or
 * with the AbortError when `signal` aborted. On 401 it refreshes once through the cookie and
 * retries once; if that fails the session is cleared and the shell shows the login page.
 */
export async function apiRequest<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = buildUrl(path, options.query);
  const useAuth = options.auth !== false;
  const token = useAuth ? appStore.get(accessTokenAtom) : null;
  let response = await send(url, options, token);

  if (response.status === 401 && useAuth) {
    const fresh = await tokenAfter401(token);
    if (fresh) response = await send(url, options, fresh);
  }
  if (!response.ok) throw await apiErrorFromResponse(response);
  if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) return (await response.json()) as T;
  return (await response.text()) as unknown as T;
}

type BodylessOptions = Omit<RequestOptions, 'method' | 'body'>;
type BodyOptions = Omit<RequestOptions, 'method'>;

/** Verb shorthands over {@link apiRequest}. */
export const api = {
  get: <T = unknown>(path: string, options?: BodylessOptions) => apiRequest<T>(path, { ...options, method: 'GET' }),
  delete: <T = unknown>(path: string, options?: BodyOptions) => apiRequest<T>(path, { ...options, method: 'DELETE' }),
  post: <T = unknown>(path: string, body?: unknown, options?: BodylessOptions) => apiRequest<T>(path, { ...options, body, method: 'POST' }),
  put: <T = unknown>(path: string, body?: unknown, options?: BodylessOptions) => apiRequest<T>(path, { ...options, body, method: 'PUT' }),
  patch: <T = unknown>(path: string, body?: unknown, options?: BodylessOptions) => apiRequest<T>(path, { ...options, body, method: 'PATCH' }),
};
