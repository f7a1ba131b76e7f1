import type { Migration } from '@audienceos/module-sdk';

/**
 * The `automations` schema: workflows and their versions, runs and their steps, the engine's
 * dedupe keys and trigger state (KPI side, schedule cursor, last activity per client), the
 * recent events a dry run can pick as a sample, and the manifests seen (for the catalogue's
 * `available: false`).
 */
export const migrations: Migration[] = [
  {
    id: '0001_automations',
    up: `
      create table automations.workflow (
        id uuid primary key,
        agency_id uuid not null,
        name text not null check (char_length(name) between 1 and 200),
        description text check (char_length(description) <= 2000),
        enabled boolean not null default false,
        trigger jsonb not null,
        conditions jsonb not null,
        steps jsonb not null,
        trigger_kind text not null,
        trigger_topic text,
        rate_limit integer,
        template_id text,
        version integer not null default 1,
        archived_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index workflow_agency_idx on automations.workflow (agency_id, updated_at desc, id desc) where archived_at is null;
      create index workflow_trigger_idx on automations.workflow (trigger_kind, trigger_topic) where enabled and archived_at is null;

      create table automations.workflow_version (
        workflow_id uuid not null references automations.workflow (id) on delete cascade,
        version integer not null,
        agency_id uuid not null,
        definition jsonb not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        primary key (workflow_id, version)
      );

      create table automations.run (
        id uuid primary key,
        agency_id uuid not null,
        workflow_id uuid not null references automations.workflow (id) on delete cascade,
        workflow_version integer not null,
        status text not null check (status in ('running','waiting','awaiting_approval','succeeded','failed','cancelled','skipped','loop_stopped')),
        reason text,
        trigger jsonb not null,
        event_id text,
        client_id uuid,
        depth integer not null default 1,
        context jsonb not null,
        kept boolean not null default false,
        started_at timestamptz not null,
        finished_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index run_agency_idx on automations.run (agency_id, started_at desc, id desc);
      create index run_workflow_idx on automations.run (workflow_id, started_at desc, id desc);
      create index run_status_idx on automations.run (agency_id, status) where status in ('running','waiting','awaiting_approval','failed');

      create table automations.run_step (
        run_id uuid not null references automations.run (id) on delete cascade,
        idx integer not null,
        agency_id uuid not null,
        action text not null,
        label text not null,
        params jsonb not null,
        delay_minutes integer not null default 0,
        continue_on_failure boolean not null default false,
        require_approval boolean not null default false,
        status text not null check (status in ('pending','waiting','awaiting_approval','running','succeeded','failed','skipped','rejected')),
        input jsonb,
        output jsonb,
        error jsonb,
        attempts integer not null default 0,
        approved boolean,
        decided_by uuid,
        decision_comment text,
        requested_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        wait_until timestamptz,
        primary key (run_id, idx)
      );
      create index run_step_approval_idx on automations.run_step (agency_id, requested_at) where status = 'awaiting_approval';

      -- (workflow, trigger occurrence) runs at most once: event id, schedule tick, quiet spell, KPI crossing.
      create table automations.processed_event (
        workflow_id uuid not null,
        dedupe_key text not null,
        agency_id uuid not null,
        run_id uuid,
        created_at timestamptz not null default now(),
        primary key (workflow_id, dedupe_key)
      );
      create index processed_event_created_idx on automations.processed_event (created_at);

      create table automations.kpi_state (
        workflow_id uuid primary key,
        agency_id uuid not null,
        side text not null check (side in ('above','below')),
        value double precision,
        checked_at timestamptz not null
      );

      create table automations.schedule_state (
        workflow_id uuid primary key,
        agency_id uuid not null,
        last_tick_at timestamptz not null
      );

      create table automations.inactivity_state (
        agency_id uuid not null,
        client_id uuid not null,
        last_activity_at timestamptz not null,
        primary key (agency_id, client_id)
      );

      create table automations.recent_event (
        agency_id uuid not null,
        id text not null,
        topic text not null,
        occurred_at timestamptz not null,
        data jsonb not null,
        primary key (agency_id, id)
      );
      create index recent_event_topic_idx on automations.recent_event (agency_id, topic, occurred_at desc);

      create table automations.known_module (
        module text primary key,
        manifest jsonb not null,
        seen_at timestamptz not null default now()
      );
    `,
  },
];
