import type { Migration } from '@audienceos/module-sdk';

/**
 * The pipeline's tables. Other modules' rows (users, agencies) are referenced by id only:
 * no cross-schema foreign keys, so that each module can be deployed and migrated alone.
 */
export const migrations: Migration[] = [
  {
    id: '0001_pipeline',
    up: `
      create table pipeline.stage (
        id uuid primary key,
        agency_id uuid not null,
        key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text not null,
        position int not null,
        created_at timestamptz not null default now(),
        unique (agency_id, key)
      );
      create table pipeline.health_policy (
        agency_id uuid primary key,
        yellow_after_days int not null check (yellow_after_days > 0),
        red_after_days int not null,
        updated_at timestamptz not null default now(),
        check (red_after_days > yellow_after_days)
      );
      create table pipeline.client (
        id uuid primary key,
        agency_id uuid not null,
        name text not null,
        company text not null default '',
        website text,
        contact_name text,
        contact_email text,
        contact_phone text,
        tags text[] not null default '{}',
        total_spend numeric(14, 2) not null default 0,
        lifetime_value numeric(14, 2) not null default 0,
        install_date date,
        notes text,
        stage text not null,
        stage_entered_at timestamptz not null default now(),
        health_override text check (health_override in ('green', 'yellow', 'red')),
        health_reason text,
        health_overridden_by uuid,
        health_overridden_at timestamptz,
        owner_id uuid,
        collaborator_ids uuid[] not null default '{}',
        archived_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index client_board_idx on pipeline.client (agency_id, stage, stage_entered_at) where archived_at is null;
      create index client_name_idx on pipeline.client (agency_id, name, id);
      create index client_created_idx on pipeline.client (agency_id, created_at, id);
      create index client_tags_idx on pipeline.client using gin (tags);
      create table pipeline.stage_event (
        id uuid primary key,
        agency_id uuid not null,
        client_id uuid not null references pipeline.client(id) on delete cascade,
        from_stage text,
        to_stage text not null,
        moved_by uuid,
        note text,
        at timestamptz not null default now()
      );
      create index stage_event_client_idx on pipeline.stage_event (client_id, at, id);
      create index stage_event_agency_idx on pipeline.stage_event (agency_id, to_stage, at);
      create table pipeline.task (
        id uuid primary key,
        agency_id uuid not null,
        client_id uuid not null references pipeline.client(id) on delete cascade,
        stage text,
        title text not null,
        assignee_id uuid,
        due_date date,
        done boolean not null default false,
        done_at timestamptz,
        position int not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index task_client_idx on pipeline.task (client_id, position);
      create table pipeline.note (
        id uuid primary key,
        agency_id uuid not null,
        client_id uuid not null references pipeline.client(id) on delete cascade,
        author_id uuid,
        body text not null,
        created_at timestamptz not null default now()
      );
      create index note_client_idx on pipeline.note (client_id, created_at desc, id desc);
    `,
  },
  {
    // Optimistic concurrency (If-Match / ETag): every client and task carries a version.
    id: '0002_versions',
    up: `
      alter table pipeline.client add column if not exists version integer not null default 1;
      alter table pipeline.task add column if not exists version integer not null default 1;
    `,
  },
  {
    // Global search (⌘K): one trigram index over the folded searched text of a client
    // (the expression of CLIENT_SEARCH_TEXT in actions/client-search.ts, without the alias).
    id: '0003_search',
    up: `
      create extension if not exists pg_trgm;
      create index if not exists client_search_trgm_idx on pipeline.client using gin (
        audienceos.fold_text(name || ' ' || company || ' ' || coalesce(website, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '')) gin_trgm_ops
      );
    `,
  },
];
