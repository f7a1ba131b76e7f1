/**
 * Demo inbox: about 150 messages over the last 30 days for Chase's eight clients (Slack shared
 * channels and Gmail threads; some waiting for a reply, some done, a few unlinked) and a few
 * for Northwind. Link rules map each client's Slack channel and email domain, as a person
 * linking them would have. Stable provider ids, so a re-run of the seed changes nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { TenantScope, type EntityManager, type SeedContext } from '@audienceos/module-sdk';
import { refreshConversation } from './aggregates';
import { ConversationSchema, LinkRuleSchema, MessageSchema, ReadStateSchema } from './entities';
import { domainOf } from './linking';
import { CHASE_CONTACTS, NORTHWIND_CONTACTS, SCRIPTS, UNLINKED, type SeedContact, type ThreadScript } from './seed-content';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const hash = (s: string) => createHash('sha1').update(s).digest('hex');
/** A Slack-looking channel id (`C` + 10 upper-case characters), stable per agency and channel name. */
export const seedChannelId = (agencySlug: string, name: string) => `C${hash(`${agencySlug}/${name}`).slice(0, 10).toUpperCase()}`;
const slackTs = (d: Date, salt: string) =>
  `${Math.floor(d.getTime() / 1000)}.${String(parseInt(hash(salt).slice(0, 5), 16) % 1_000_000).padStart(6, '0')}`;

interface Ctx {
  em: EntityManager;
  demo: SeedContext['demo'];
  slug: string;
  agencyId: string;
  now: number;
}

/** The script's staff member, or the agency's first person when it has no one by that handle (Northwind). */
const staffOf = (c: Ctx, handle: string) => c.demo.agency(c.slug).users.find((u) => u.handle === handle) ?? c.demo.agency(c.slug).users[0]!;

/** Creates the conversation now; returns its id and the writer of its messages (run after the conversations are flushed). */
function seedThread(
  c: Ctx,
  script: ThreadScript,
  contact: SeedContact,
  clientId: string | null,
  startDaysAgo: number,
  key: string,
): [string, () => void] {
  const total = script.lines.reduce((s, [, , m]) => s + m, 0);
  let start = c.now - startDaysAgo * DAY + (9 * 60 + (parseInt(hash(key).slice(0, 3), 16) % 420)) * MINUTE - DAY;
  if (start + total * MINUTE > c.now - 15 * MINUTE) start = c.now - (total + 15 + 60) * MINUTE;
  const channelId = seedChannelId(c.slug, contact.slackChannel);
  const first = new Date(start);
  const externalId = script.source === 'slack' ? `${channelId}:${slackTs(first, key)}` : hash(`thread/${key}`).slice(0, 16);
  const conversationId = randomUUID();
  c.em.create(ConversationSchema, {
    id: conversationId,
    agencyId: c.agencyId,
    source: script.source,
    externalId,
    channel: script.source === 'slack' ? channelId : 'inbox',
    externalRef: script.source === 'slack' ? { channel: channelId, threadTs: slackTs(first, key) } : { threadId: externalId },
    clientId,
    subject: script.source === 'slack' ? `#${contact.slackChannel}` : script.subject,
    status: script.status === 'snoozed' ? 'snoozed' : (script.status ?? 'open'),
    snoozedUntil: script.status === 'snoozed' ? new Date(c.now + DAY) : null,
    assigneeId: script.assignee ? staffOf(c, script.assignee).id : null,
    labels: script.labels ?? [],
    lastActivityAt: first,
    preview: '',
    lastSenderName: '',
    messageCount: 0,
    createdAt: first,
    updatedAt: first,
  });
  const later = () => {
    let at = start;
    script.lines.forEach(([who, text, minutes], i) => {
      at += minutes * MINUTE;
      const sentAt = new Date(at);
      const staff = who === 'c' ? null : staffOf(c, who);
      c.em.create(MessageSchema, {
        id: randomUUID(),
        agencyId: c.agencyId,
        conversationId,
        source: script.source,
        externalId: script.source === 'slack' ? slackTs(sentAt, `${key}/${i}`) : hash(`msg/${key}/${i}`).slice(0, 16),
        direction: staff ? 'outbound' : 'inbound',
        senderName: staff ? staff.name : contact.name,
        senderAddress: staff ? staff.email : contact.email,
        senderDomain: domainOf(staff ? staff.email : contact.email),
        authorId: staff?.id ?? null,
        bodyText: text,
        bodyHtml: script.source === 'gmail' ? `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>` : null,
        attachments: text.includes('ttached') ? [{ name: 'details.pdf', size: 184_320, contentType: 'application/pdf' }] : [],
        externalRef:
          script.source === 'gmail' ? { messageIdHeader: `<${hash(`msg/${key}/${i}`).slice(0, 20)}@mail.${domainOf(contact.email)}>` } : {},
        deliveryState: staff ? 'sent' : null,
        deliveryAttempts: staff ? 1 : 0,
        sentAt,
        createdAt: sentAt,
        updatedAt: sentAt,
      });
    });
    // Conversations whose last word is ours, or that are done, were read by the team.
    const lastIsClient = script.lines[script.lines.length - 1]![0] === 'c';
    if (!lastIsClient || script.status === 'done') {
      for (const u of c.demo.agency(c.slug).users)
        c.em.create(ReadStateSchema, { conversationId, userId: u.id, agencyId: c.agencyId, lastSeenAt: new Date(at) });
    }
  };
  return [conversationId, later];
}

async function seedAgency(
  em: EntityManager,
  demo: SeedContext['demo'],
  slug: string,
  contacts: SeedContact[],
  threadsPerClient: number,
): Promise<number> {
  const agency = demo.agency(slug);
  const clients = demo.clientIds(slug);
  const c: Ctx = { em, demo, slug, agencyId: agency.id, now: Date.now() };
  const threads: [string, () => void][] = [];
  contacts.forEach((contact, i) => {
    const clientId = clients[i]!;
    em.create(LinkRuleSchema, {
      agencyId: agency.id,
      key: `channel:slack:${seedChannelId(slug, contact.slackChannel)}`,
      clientId,
      createdAt: new Date(),
    });
    em.create(LinkRuleSchema, { agencyId: agency.id, key: `domain:${domainOf(contact.email)}`, clientId, createdAt: new Date() });
    for (let k = 0; k < threadsPerClient; k++) {
      const script = SCRIPTS[(i + k * 3) % SCRIPTS.length]!;
      const daysAgo = 1 + ((i * 7 + k * 9) % 29);
      threads.push(seedThread(c, script, contact, clientId, daysAgo, `${slug}/${i}/${k}`));
    }
  });
  if (slug === 'chase-digital') {
    UNLINKED.forEach((u, i) => {
      const script: ThreadScript = { source: 'gmail', subject: u.subject, lines: [['c', u.text, 0]] };
      threads.push(seedThread(c, script, { name: u.name, email: u.email, slackChannel: 'none' }, null, u.daysAgo, `${slug}/unlinked/${i}`));
    });
  }
  await em.flush(); // messages and read states reference the conversations
  threads.forEach(([, write]) => write());
  await em.flush();
  const db = new TenantScope(em, agency.id);
  for (const [id] of threads) await refreshConversation(db, id);
  return threads.length;
}

export async function seed({ em, demo, log }: SeedContext): Promise<void> {
  const chase = await seedAgency(em, demo, 'chase-digital', CHASE_CONTACTS, 4);
  const northwind = await seedAgency(em, demo, 'northwind-media', NORTHWIND_CONTACTS, 2);
  const [{ n }] = (await em
    .getConnection()
    .execute(`select count(*)::int as n from communications.message`, [], 'all', em.getTransactionContext())) as { n: number }[];
  log(`communications: ${chase + northwind} conversations, ${n} messages`);
}
