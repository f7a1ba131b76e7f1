/**
 * Sign-in throttling that stops guessing but lets nobody lock others out (after Auth0's
 * brute-force protection and suspicious-IP throttling, and OWASP's Authentication Cheat Sheet):
 *
 * - failures count per (account, address): from the `LOGIN_MAX_FAILURES`th failure within
 *   `LOGIN_WINDOW_MINUTES`, that pair waits a progressive delay after its last failure
 *   (`LOGIN_DELAY_SECONDS` doubled per further failure, capped at the window) — no hard lock;
 * - failures count per address across accounts with a higher threshold
 *   (`LOGIN_MAX_FAILURES_PER_ADDRESS`), same progression: one address guessing many accounts;
 * - a success clears its pair's failures. An account is never throttled as a whole, so a
 *   correct password from an address that has not failed is never refused because of
 *   failures elsewhere, and one person mistyping does not lock out colleagues behind the
 *   same address (until the address itself reaches the much higher threshold).
 *
 * Settings are read on each call (tests and operators may change them without a restart).
 */
import type { EntityManager } from '@audienceos/module-sdk';

export interface ThrottleSettings {
  maxFailures: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
  delaySeconds: number;
}

export function throttleSettings(env: NodeJS.ProcessEnv = process.env): ThrottleSettings {
  return {
    maxFailures: Number(env.LOGIN_MAX_FAILURES ?? 5),
    maxFailuresPerAddress: Number(env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 100),
    windowMinutes: Number(env.LOGIN_WINDOW_MINUTES ?? 15),
    delaySeconds: Number(env.LOGIN_DELAY_SECONDS ?? 30),
  };
}

/**
 * Seconds still to wait after `failures` failures, the last at `lastAt` (0: go ahead).
 * Pure: the delay is `delaySeconds × 2^(failures − threshold)`, capped at the window.
 */
export function waitSeconds(failures: number, threshold: number, lastAt: Date | null, s: ThrottleSettings, now = Date.now()): number {
  if (failures < threshold || !lastAt) return 0;
  const exponent = Math.min(failures - threshold, 20);
  const delayMs = Math.min(s.delaySeconds * 2 ** exponent, s.windowMinutes * 60) * 1000;
  return Math.max(0, Math.ceil((lastAt.getTime() + delayMs - now) / 1000));
}

/** How long this (email, address) must wait before its next attempt, in seconds (0: none). */
export async function retryAfterSeconds(em: EntityManager, email: string, ip: string, s = throttleSettings()): Promise<number> {
  const [row] = (await em.getConnection().execute(
    `select count(*) filter (where email = ?) as pair, max(created_at) filter (where email = ?) as pair_last,
            count(*) as address, max(created_at) as address_last
       from identity.login_attempt
      where ip = ? and success = false and created_at > now() - make_interval(mins => ?)`,
    [email, email, ip, s.windowMinutes],
  )) as { pair: string; pair_last: Date | null; address: string; address_last: Date | null }[];
  const date = (d: Date | string | null) => (d ? new Date(d) : null);
  return Math.max(
    waitSeconds(Number(row?.pair ?? 0), s.maxFailures, date(row?.pair_last ?? null), s),
    waitSeconds(Number(row?.address ?? 0), s.maxFailuresPerAddress, date(row?.address_last ?? null), s),
  );
}

/** Record an attempt; a success clears its pair's failures (not the address's). */
export async function recordAttempt(em: EntityManager, email: string, ip: string, success: boolean): Promise<void> {
  const conn = em.getConnection();
  if (success) {
    await conn.execute('delete from identity.login_attempt where email = ? and ip = ? and success = false', [email, ip]);
    return;
  }
  await conn.execute('insert into identity.login_attempt (email, ip, success) values (?, ?, false)', [email, ip]);
}
