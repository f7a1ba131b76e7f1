/**
 * The few Slack Web API methods the connector uses, against `SLACK_API_URL` (default
 * https://slack.com/api; tests point it at a local fake). Slack answers HTTP 200 with
 * `{ ok: false, error }` for refusals (permanent: 4xx here) and 429/5xx for transient trouble.
 */
import { MoleculerClientError, MoleculerError } from '@audienceos/module-sdk';
import { Errors } from 'moleculer';

export const slackApiUrl = () => (process.env.SLACK_API_URL ?? 'https://slack.com/api').replace(/\/$/, '');

const TRANSIENT = new Set(['ratelimited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout']);

/**
 * Call a Web API `method` with `body` and the bot `token`. Write methods take JSON; read methods
 * (`conversations.replies`/`history`) accept only form-encoded bodies at Slack: `encoding: 'form'`.
 */
export async function slackCall<T = Record<string, unknown>>(
  method: string,
  body: Record<string, unknown>,
  token?: string,
  encoding: 'json' | 'form' = 'json',
): Promise<T & { ok: true }> {
  let res: Response;
  const form = () => new URLSearchParams(Object.entries(body).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)])).toString();
  try {
    res = await fetch(`${slackApiUrl()}/${method}`, {
      method: 'POST',
      headers: {
        'content-type': encoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: encoding === 'form' ? form() : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new Errors.MoleculerRetryableError(`Slack is unreachable: ${(err as Error).message}`, 503, 'PROVIDER_UNAVAILABLE');
  }
  if (res.status === 429 || res.status >= 500)
    throw new Errors.MoleculerRetryableError(`Slack answered ${res.status}`, 503, 'PROVIDER_UNAVAILABLE');
  const json = (await res.json().catch(() => null)) as ({ ok: boolean; error?: string } & T) | null;
  if (!json) throw new MoleculerError('Slack answered with something that is not JSON', 502, 'PROVIDER_BAD_ANSWER');
  if (!json.ok) {
    const error = json.error ?? 'unknown_error';
    if (TRANSIENT.has(error)) throw new Errors.MoleculerRetryableError(`Slack: ${error}`, 503, 'PROVIDER_UNAVAILABLE', { error });
    throw new MoleculerClientError(`Slack refused: ${error}`, 422, 'PROVIDER_REFUSED', { error });
  }
  return json as T & { ok: true };
}
