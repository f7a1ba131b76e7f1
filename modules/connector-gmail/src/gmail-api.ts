/**
 * The Gmail API and Google OAuth endpoints the connector uses, against `GMAIL_API_URL`
 * (default https://gmail.googleapis.com) and `GOOGLE_TOKEN_URL` (default
 * https://oauth2.googleapis.com/token); tests point both at a local fake. 429/5xx and network
 * failures are retryable; other 4xx are permanent refusals.
 */
import { MoleculerClientError } from '@audienceos/module-sdk';
import { Errors } from 'moleculer';

export const gmailApiUrl = () => (process.env.GMAIL_API_URL ?? 'https://gmail.googleapis.com').replace(/\/$/, '');
export const tokenUrl = () => process.env.GOOGLE_TOKEN_URL ?? 'https://oauth2.googleapis.com/token';
export const revokeUrl = () => process.env.GOOGLE_REVOKE_URL ?? 'https://oauth2.googleapis.com/revoke';

export async function googleFetch<T>(url: string, init: RequestInit & { token?: string } = {}): Promise<T> {
  const { token, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: {
        ...(rest.body && typeof rest.body === 'string' && rest.body.startsWith('{') ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(rest.headers as Record<string, string>),
      },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new Errors.MoleculerRetryableError(`Google is unreachable: ${(err as Error).message}`, 503, 'PROVIDER_UNAVAILABLE');
  }
  const text = await res.text();
  if (res.status === 429 || res.status >= 500)
    throw new Errors.MoleculerRetryableError(`Google answered ${res.status}`, 503, 'PROVIDER_UNAVAILABLE');
  if (!res.ok)
    throw new MoleculerClientError(`Google refused (${res.status}): ${text.slice(0, 200)}`, 422, 'PROVIDER_REFUSED', {
      status: res.status,
    });
  return (text ? JSON.parse(text) : {}) as T;
}

export interface GmailPart {
  mimeType?: string;
  filename?: string;
  headers?: { name: string; value: string }[];
  body?: { data?: string; size?: number; attachmentId?: string };
  parts?: GmailPart[];
}

export interface GmailMessage {
  id: string;
  threadId: string;
  labelIds?: string[];
  internalDate?: string;
  payload: GmailPart;
}
