/**
 * Slack's request signing (v0): `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under
 * the app's signing secret, with a 5-minute replay window on the timestamp
 * (https://api.slack.com/authentication/verifying-requests-from-slack).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const REPLAY_WINDOW_SECONDS = 300;

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Why a request is refused, or null when it is authentic and fresh. `nowSeconds` is Unix time. */
export function signatureProblem(
  secret: string | undefined,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
  nowSeconds = Date.now() / 1000,
): string | null {
  if (!secret) return 'Slack signing secret is not configured';
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature) return 'Missing Slack signature headers';
  if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return 'Slack request timestamp is outside the 5-minute window';
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'Slack signature does not match';
}
