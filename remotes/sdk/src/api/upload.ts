import { appStore } from '../state/store';
import { accessTokenAtom } from '../state/session';
import { ApiError } from './api-error';
import { refreshAccessToken } from './auth';
import { buildUrl } from './client';

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  signal?: AbortSignal;
  /** 0..1 as the request body goes out (fetch cannot report this, hence XHR). */
  onProgress?: (fraction: number) => void;
}

function xhrSend<T>(url: string, form: FormData, token: string | null, options: UploadOptions): Promise<{ status: number; body: T | null; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', url);
    xhr.responseType = 'json';
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.response as T | null, retryAfter: xhr.getResponseHeader('Retry-After') });
    xhr.onerror = () => reject(new ApiError({ name: 'NetworkError', message: 'Cannot reach the server.', code: 0, type: 'NETWORK_ERROR' }));
    xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** Multipart upload with progress, bearer auth and the same single refresh-and-retry on 401. */
export async function apiUpload<T = unknown>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  const url = buildUrl(path);
  const token = appStore.get(accessTokenAtom);
  let result = await xhrSend<T>(url, form, token, options);
  if (result.status === 401) {
    const fresh = await refreshAccessToken();
    if (fresh) result = await xhrSend<T>(url, form, fresh, options);
  }
  if (result.status >= 200 && result.status < 300) {
    options.onProgress?.(1);
    return result.body as T;
  }
  const b = (result.body ?? {}) as Record<string, unknown>;
  throw new ApiError({
    name: typeof b.name === 'string' ? b.name : 'HttpError',
    message: typeof b.message === 'string' ? b.message : `Upload failed (${result.status})`,
    code: typeof b.code === 'number' ? b.code : result.status,
    type: typeof b.type === 'string' ? b.type : 'HTTP_ERROR',
    data: b.data,
    retryAfter: result.retryAfter && /^\d+$/.test(result.retryAfter) ? Number(result.retryAfter) : null,
  });
}
