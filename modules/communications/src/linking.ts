/**
 * Client linking. A conversation gets its client from a remembered rule (`link_rule`): a
 * source channel mapped to a client (`channel:slack:C0123`, several per client allowed), an
 * email domain (`domain:bloomandco.com`) or, for public mailboxes, one sender (`sender:maya@gmail.com`). Without a rule, an email's domains are matched
 * against the clients' website and contact email as pipeline knows them (asked over the
 * broker, cached per agency for a minute). What cannot be linked stays unlinked (client
 * null) until a person links it, optionally remembering the rule.
 */
import type { ActionContext } from '@audienceos/module-sdk';

const CACHE_MS = 60_000;
const domainCache = new Map<string, { at: number; byDomain: Map<string, string> }>();

/** Public mailbox providers never identify a client. */
export const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
]);

/** `https://www.bloomandco.com/shop` → `bloomandco.com`; `priya@bloomandco.com` → `bloomandco.com`. */
export function domainOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim().toLowerCase();
  const host = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').split(/[/?#:]/)[0]!;
  const clean = host.replace(/^www\./, '').replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(clean) ? clean : null;
}

async function clientDomains(ctx: ActionContext): Promise<Map<string, string>> {
  const hit = domainCache.get(ctx.user.agencyId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.byDomain;
  const byDomain = new Map<string, string>();
  let cursor: string | null = null;
  try {
    for (let page = 0; page < 50; page++) {
      const res = (await ctx.call('clients.list', { limit: 100, ...(cursor ? { cursor } : {}) }, { timeout: 5000, retries: 0 })) as {
        items: { id: string; website?: string | null; contactEmail?: string | null }[];
        nextCursor: string | null;
      };
      for (const c of res.items) {
        for (const d of [domainOf(c.website), domainOf(c.contactEmail)])
          if (d && !FREE_MAIL.has(d) && !byDomain.has(d)) byDomain.set(d, c.id);
      }
      cursor = res.nextCursor;
      if (!cursor) break;
    }
  } catch (err) {
    // pipeline down: the message is stored unlinked rather than lost; not cached.
    ctx.broker.logger.warn(`communications: client domains unavailable: ${(err as Error).message}`);
    return byDomain;
  }
  domainCache.set(ctx.user.agencyId, { at: Date.now(), byDomain });
  return byDomain;
}

/** Tests and the link action: forget an agency's cached client domains. */
export function forgetClientDomains(agencyId?: string): void {
  if (agencyId) domainCache.delete(agencyId);
  else domainCache.clear();
}

/**
 * The client for these link keys (`channel:<source>:<id>`, `domain:<domain>`), or null.
 * Remembered rules win, in the order of `keys`; then email domains against pipeline's clients.
 */
export async function resolveClient(ctx: ActionContext, keys: string[]): Promise<string | null> {
  if (!keys.length) return null;
  const rules = await ctx.db.sql<{ key: string; client_id: string }>(
    `select key, client_id from communications.link_rule where agency_id = $agency and key in (${keys.map(() => '?').join(', ')})`,
    keys,
  );
  for (const key of keys) {
    const rule = rules.find((r) => r.key === key);
    if (rule) return rule.client_id;
  }
  const domains = keys.filter((k) => k.startsWith('domain:')).map((k) => k.slice('domain:'.length));
  if (!domains.length) return null;
  const byDomain = await clientDomains(ctx);
  for (const d of domains) {
    const id = byDomain.get(d);
    if (id) return id;
  }
  return null;
}
