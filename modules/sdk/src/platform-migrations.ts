import type { Migration } from '@audienceos/db';
import { textSearchMigration } from './text-search';

/**
 * Tables the SDK keeps in every module's own schema: the transactional outbox, the
 * consumer inbox (dedupe of durable messages) and idempotency keys for create actions; and
 * the shared text-folding function of `text-search.ts` (database-wide, created idempotently).
 */
export function platformMigrations(schema: string): Migration[] {
  const s = `"${schema}"`;
  return [
    {
      id: '0000_platform',
      up: `
        create table ${s}.outbox (
          id uuid primary key,
          topic text not null,
          agency_id uuid,
          payload jsonb not null,
          created_at timestamptz not null default now(),
          published_at timestamptz,
          attempts int not null default 0,
          last_error text
        );
        create index outbox_pending_idx on ${s}.outbox (created_at) where published_at is null;
        create table ${s}.inbox (
          consumer text not null,
          message_id text not null,
          processed_at timestamptz not null default now(),
          primary key (consumer, message_id)
        );
        create table ${s}.idempotency_key (
          agency_id uuid not null,
          scope text not null,
          key text not null,
          request_hash text not null,
          response jsonb,
          created_at timestamptz not null default now(),
          primary key (agency_id, scope, key)
        );`,
    },
    textSearchMigration,
  ];
}
