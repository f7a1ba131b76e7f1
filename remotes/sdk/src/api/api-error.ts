/** One entry of a 422 answer's `data`. */
export interface FieldErrorDetail {
  field: string;
  message: string;
  type?: string;
}

/**
 * Every failed API call rejects with an ApiError carrying the gateway's error body
 * `{name, message, code, type, data}`. `code` is the HTTP status (0 when the network failed).
 */
export class ApiError extends Error {
  override readonly name: string;
  readonly code: number;
  readonly type: string;
  readonly data: unknown;
  /** Seconds from a 429's `Retry-After`, when given. */
  readonly retryAfter: number | null;

  constructor(init: { name?: string; message: string; code: number; type?: string; data?: unknown; retryAfter?: number | null }) {
    super(init.message);
    this.name = init.name || 'ApiError';
    this.code = init.code;
    this.type = init.type || 'UNKNOWN';
    this.data = init.data;
    this.retryAfter = init.retryAfter ?? null;
  }

  get isValidation(): boolean {
    return this.code === 422;
  }
  get isUnauthorized(): boolean {
    return this.code === 401;
  }
  get isNetwork(): boolean {
    return this.code === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * Turn a 422's `data` (`[{field, message}]`) into `{[field]: message}` for forms; the first
 * message per field wins. Anything else yields `{}` so callers can spread it unconditionally.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error) || !error.isValidation || !Array.isArray(error.data)) return {};
  const map: Record<string, string> = {};
  for (const entry of error.data as Partial<FieldErrorDetail>[]) {
    if (entry && typeof entry.field === 'string' && typeof entry.message === 'string' && !(entry.field in map)) {
      map[entry.field] = entry.message;
    }
  }
  return map;
}

/** A sentence fit for a toast or an inline error, whatever was thrown. */
export function errorMessage(error: unknown, fallback = 'Something went wrong.'): string {
  if (isApiError(error)) {
    if (error.isNetwork) return 'Cannot reach the server. Check your connection and try again.';
    if (error.code === 429 && error.retryAfter) return `${error.message} Try again in ${error.retryAfter} s.`;
    return error.message || fallback;
  }
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

/** Build an ApiError from a non-2xx Response, tolerating non-JSON bodies (proxies, 502 pages). */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const retryAfterHeader = response.headers.get('Retry-After');
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to a generic error for the status
  }
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    return new ApiError({
      name: typeof b.name === 'string' ? b.name : undefined,
      message: typeof b.message === 'string' ? b.message : response.statusText || `Request failed (${response.status})`,
      code: typeof b.code === 'number' ? b.code : response.status,
      type: typeof b.type === 'string' ? b.type : undefined,
      data: b.data,
      retryAfter,
    });
  }
  return new ApiError({
    name: 'HttpError',
    message: response.statusText ? `${response.status} ${response.statusText}` : `Request failed (${response.status})`,
    code: response.status,
    type: 'HTTP_ERROR',
    retryAfter,
  });
}
