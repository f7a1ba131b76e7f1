import type { Migration } from '@audienceos/module-sdk';
import PgBoss from 'pg-boss';
import { JOB_SCHEMA } from './constants';

/**
 * pg-boss's own tables, created here (inside our migration's transaction) instead of at
 * `boss.start()`, so that every database copy made from a migrated template already has
 * them. The plan's own BEGIN/COMMIT and SET LOCAL lines are dropped: the runner wraps it.
 */
function jobTables(): string {
  return PgBoss.getConstructionPlans(JOB_SCHEMA)
    .replace(/^\s*BEGIN;\s*$/m, '')
    .replace(/^\s*COMMIT;\s*$/m, '')
    .replace(/^\s*SET LOCAL [^;]+;\s*$/gm, '');
}

export const migrations: Migration[] = [
  {
    id: '0001_inbox',
    up: `
      create table communications.conversation (
        id uuid primary key,
        agency_id uuid not null,
        source text not null,
        external_id text not null,
        channel text not null,
        external_ref jsonb not null default '{}',
        client_id uuid,
        subject text not null default '',
        status text not null default 'open' check (status in ('open', 'snoozed', 'done')),
        snoozed_until timestamptz,
        assignee_id uuid,
        labels text[] not null default '{}',
        last_direction text check (last_direction in ('inbound', 'outbound')),
        last_activity_at timestamptz not null,
        last_inbound_at timestamptz,
        waiting_since timestamptz,
        preview text not null default '',
        last_sender_name text not null default '',
        message_count integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        -- a thread exists once per agency and source however often its messages arrive
        constraint conversation_source_uq unique (agency_id, source, external_id),
        constraint conversation_snooze_ck check ((status = 'snoozed') = (snoozed_until is not null))
      );
      -- the list: keyset on (last activity, id), newest first
      create index conversation_activity_idx on communications.conversation (agency_id, last_activity_at desc, id desc);
      create index conversation_needs_reply_idx on communications.conversation (agency_id, last_activity_at desc, id desc)
        where status = 'open' and last_direction = 'inbound';
      create index conversation_client_idx on communications.conversation (agency_id, client_id);
      create index conversation_assignee_idx on communications.conversation (agency_id, assignee_id);

      create table communications.message (
        id uuid primary key,
        agency_id uuid not null,
        conversation_id uuid not null references communications.conversation(id) on delete cascade,
        source text not null,
        external_id text,
        direction text not null check (direction in ('inbound', 'outbound', 'note')),
        sender_name text not null default '',
        sender_address text not null default '',
        sender_domain text,
        author_id uuid,
        body_text text not null default '',
        body_html text,
        attachments jsonb not null default '[]',
        external_ref jsonb not null default '{}',
        delivery_state text check (delivery_state in ('draft', 'approval', 'sending', 'sent', 'failed')),
        delivery_error text,
        delivery_attempts integer not null default 0,
        sent_at timestamptz not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint message_delivery_ck check ((direction = 'outbound') = (delivery_state is not null))
      );
      -- ingest idempotence: one row per (agency, source, provider id), however often it arrives
      create unique index message_external_uq on communications.message (agency_id, source, external_id) where external_id is not null;
      create index message_conversation_idx on communications.message (conversation_id, sent_at, id);
      create index message_agency_sent_idx on communications.message (agency_id, direction, sent_at);

      create table communications.read_state (
        conversation_id uuid not null references communications.conversation(id) on delete cascade,
        user_id uuid not null,
        agency_id uuid not null,
        last_seen_at timestamptz not null,
        primary key (conversation_id, user_id)
      );
      create index read_state_user_idx on communications.read_state (agency_id, user_id);

      create table communications.link_rule (
        agency_id uuid not null,
        key text not null,
        client_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (agency_id, key)
      );
    `,
  },
  { id: '0002_job_queue', up: jobTables() },
  {
    // "Waiting longer than N business hours": one notice per (wait, threshold), so each fires once.
    id: '0003_waiting_notice',
    up: `
      create table communications.waiting_notice (
        conversation_id uuid not null references communications.conversation(id) on delete cascade,
        waiting_since timestamptz not null,
        hours integer not null,
        agency_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (conversation_id, waiting_since, hours)
      );
      create index conversation_waiting_idx on communications.conversation (agency_id, waiting_since) where status = 'open' and last_direction = 'inbound';
    `,
  },
  {
    // The notices are the scan job's bookkeeping, written in the background: they live with the job queue.
    id: '0004_waiting_notice_in_jobs',
    up: `
      drop table communications.waiting_notice;
      create table ${JOB_SCHEMA}.waiting_notice (
        conversation_id uuid not null references communications.conversation(id) on delete cascade,
        waiting_since timestamptz not null,
        hours integer not null,
        agency_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (conversation_id, waiting_since, hours)
      );
    `,
  },
  {
    // Global search (⌘K): trigram indexes over the folded searched texts (actions/search.ts).
    id: '0005_search',
    up: `
      create extension if not exists pg_trgm;
      create index if not exists conversation_search_trgm_idx on communications.conversation using gin (
        audienceos.fold_text(subject || ' ' || last_sender_name) gin_trgm_ops
      );
      create index if not exists message_sender_trgm_idx on communications.message using gin (
        audienceos.fold_text(sender_name || ' ' || sender_address) gin_trgm_ops
      );
    `,
  },
  {
    // Reply delivery attempts (actions/deliver.ts): committed before the provider is called; the
    // id is the idempotency key the provider gets, so a retry can ask whether it went out.
    id: '0006_delivery_attempt',
    up: `
      create table communications.delivery_attempt (
        id uuid primary key,
        agency_id uuid not null,
        message_id uuid not null references communications.message(id) on delete cascade,
        status text not null check (status in ('sending', 'sent', 'unknown', 'refused')),
        external_id text,
        error text,
        started_at timestamptz not null default now(),
        finished_at timestamptz
      );
      create index delivery_attempt_message_idx on communications.delivery_attempt (message_id, started_at);
    `,
  },
];
