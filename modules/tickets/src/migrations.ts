import type { Migration } from '@audienceos/module-sdk';
import PgBoss from 'pg-boss';
import { JOB_SCHEMA } from './constants';

/** pg-boss's tables for the SLA scan, created inside the migration (as communications does) so template copies have them. */
function slaJobTables(): string {
  return PgBoss.getConstructionPlans(JOB_SCHEMA)
    .replace(/^\s*BEGIN;\s*$/m, '')
    .replace(/^\s*COMMIT;\s*$/m, '')
    .replace(/^\s*SET LOCAL [^;]+;\s*$/gm, '');
}

export const migrations: Migration[] = [
  {
    id: '0001_tickets',
    up: `
      create table tickets.ticket (
        id uuid primary key,
        agency_id uuid not null,
        number integer not null,
        title text not null,
        description text not null default '',
        client_id uuid not null,
        category text not null check (category in ('technical', 'billing', 'campaign', 'general', 'escalation')),
        priority text not null check (priority in ('low', 'medium', 'high', 'critical')),
        priority_rank smallint not null,
        status text not null check (status in ('new', 'in_progress', 'waiting_client', 'resolved')),
        assignee_id uuid,
        due_at timestamptz,
        time_spent_minutes integer not null default 0 check (time_spent_minutes >= 0),
        resolution_notes text,
        resolved_by uuid,
        resolved_at timestamptz,
        created_by uuid,
        first_response_at timestamptz,
        first_response_due_at timestamptz not null,
        resolution_due_at timestamptz not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        -- the last line of defence for numbering: a duplicate can never be committed
        constraint ticket_agency_number_uq unique (agency_id, number)
      );
      create index ticket_agency_status_idx on tickets.ticket (agency_id, status);
      create index ticket_agency_client_idx on tickets.ticket (agency_id, client_id);
      create index ticket_agency_assignee_idx on tickets.ticket (agency_id, assignee_id);
      create index ticket_agency_created_idx on tickets.ticket (agency_id, created_at desc, id desc);

      -- One row per agency; "update … returning" locks it until the create commits, so
      -- concurrent creates serialise on it and a rolled-back create leaves no gap.
      create table tickets.ticket_counter (
        agency_id uuid primary key,
        last_number integer not null
      );

      create table tickets.note (
        id uuid primary key,
        agency_id uuid not null,
        ticket_id uuid not null references tickets.ticket(id) on delete cascade,
        author_id uuid,
        body text not null,
        visibility text not null check (visibility in ('internal', 'client')),
        created_at timestamptz not null default now()
      );
      create index note_ticket_idx on tickets.note (ticket_id, created_at);

      create table tickets.activity (
        id uuid primary key,
        agency_id uuid not null,
        ticket_id uuid not null references tickets.ticket(id) on delete cascade,
        actor_id uuid,
        kind text not null,
        data jsonb not null default '{}',
        created_at timestamptz not null default now()
      );
      create index activity_ticket_idx on tickets.activity (ticket_id, created_at);

      create table tickets.time_entry (
        id uuid primary key,
        agency_id uuid not null,
        ticket_id uuid not null references tickets.ticket(id) on delete cascade,
        user_id uuid,
        minutes integer not null check (minutes > 0),
        note text,
        spent_at timestamptz not null default now(),
        created_at timestamptz not null default now()
      );
      create index time_entry_agency_spent_idx on tickets.time_entry (agency_id, spent_at);
      create index time_entry_ticket_idx on tickets.time_entry (ticket_id);

      create table tickets.sla_policy (
        agency_id uuid not null,
        priority text not null check (priority in ('low', 'medium', 'high', 'critical')),
        first_response_minutes integer not null check (first_response_minutes > 0),
        resolution_minutes integer not null check (resolution_minutes > 0),
        updated_at timestamptz not null default now(),
        primary key (agency_id, priority)
      );
    `,
  },
  {
    // Issue 9: business-hours SLA clocks that pause while waiting on the client and restart on a reopen.
    id: '0002_sla_clocks',
    up: `
      alter table tickets.ticket add column first_response_target integer;
      alter table tickets.ticket add column resolution_target integer;
      alter table tickets.ticket add column resolution_clock_start timestamptz;
      alter table tickets.ticket add column sla_paused_at timestamptz;
      alter table tickets.ticket add column sla_breached_before boolean not null default false;
      create index activity_agency_kind_created_idx on tickets.activity (agency_id, kind, created_at);
    `,
  },
  {
    // Optimistic concurrency (If-Match / ETag): every ticket carries a version.
    id: '0003_versions',
    up: `alter table tickets.ticket add column if not exists version integer not null default 1;`,
  },
  {
    // Global search (⌘K): one trigram index over the folded searched text of a ticket
    // (TICKET_SEARCH_TEXT in actions/search.ts, without the alias); numbers use ticket_agency_number_uq.
    id: '0004_search',
    up: `
      create extension if not exists pg_trgm;
      create index if not exists ticket_search_trgm_idx on tickets.ticket using gin (
        audienceos.fold_text(title || ' ' || left(description, 500)) gin_trgm_ops
      );
    `,
  },
  {
    // Issue 13: SLA at-risk / breached notices (sla-scan.ts) and pg-boss's tables for the scan job.
    id: '0005_sla_notices',
    up: `
      create table tickets.sla_notice (
        agency_id uuid not null,
        ticket_id uuid not null,
        clock text not null check (clock in ('firstResponse', 'resolution')),
        state text not null check (state in ('at_risk', 'breached')),
        due_at timestamptz not null,
        at timestamptz not null default now(),
        primary key (ticket_id, clock, state, due_at)
      );
      ${slaJobTables()}
    `,
  },
];
