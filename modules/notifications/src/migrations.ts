import type { Migration } from '@audienceos/module-sdk';
import PgBoss from 'pg-boss';
import { JOB_SCHEMA } from './constants';

/** pg-boss's tables, created inside the migration (as communications does) so template copies have them. */
function jobTables(): string {
  return PgBoss.getConstructionPlans(JOB_SCHEMA)
    .replace(/^\s*BEGIN;\s*$/m, '')
    .replace(/^\s*COMMIT;\s*$/m, '')
    .replace(/^\s*SET LOCAL [^;]+;\s*$/gm, '');
}

export const migrations: Migration[] = [
  {
    id: '0001_notifications',
    up: `
      create table notifications.notification (
        id uuid primary key,
        agency_id uuid not null,
        recipient_id uuid not null,
        kind text not null,
        record_type text not null,
        record_id text not null,
        client_id uuid,
        title text not null,
        body text not null default '',
        url text not null,
        actor_id uuid,
        count integer not null default 1,
        in_app boolean not null default true,
        read_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        email_state text not null default 'none' check (email_state in ('none', 'pending', 'held', 'digest', 'sent', 'failed')),
        emailed_at timestamptz,
        email_attempts integer not null default 0,
        last_error text
      );
      create index notification_inbox on notifications.notification (agency_id, recipient_id, (read_at is null) desc, updated_at desc, id desc) where in_app;
      create index notification_collapse on notifications.notification (agency_id, recipient_id, kind, record_id, updated_at desc);
      create index notification_mail on notifications.notification (email_state) where email_state in ('pending', 'held', 'digest');

      create table notifications.preference (
        agency_id uuid not null,
        user_id uuid not null,
        channels jsonb not null default '{}',
        muted_client_ids jsonb not null default '[]',
        quiet_start text,
        quiet_end text,
        time_zone text,
        digest boolean not null default false,
        digest_hour smallint not null default 8 check (digest_hour between 0 and 23),
        last_digest_on text,
        version integer not null default 1,
        updated_at timestamptz not null default now(),
        primary key (agency_id, user_id)
      );

      create table notifications.agency_setting (
        agency_id uuid primary key,
        attention_wait_hours integer not null default 4 check (attention_wait_hours between 1 and 168),
        version integer not null default 1,
        updated_at timestamptz not null default now()
      );

      create table notifications.attention (
        id uuid primary key,
        agency_id uuid not null,
        kind text not null,
        record_type text not null,
        record_id text not null,
        client_id uuid,
        title text not null,
        detail text not null default '',
        url text not null,
        severity text not null default 'warning' check (severity in ('warning', 'critical')),
        opened_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        resolved_at timestamptz,
        unique (agency_id, kind, record_id)
      );
      create index attention_open on notifications.attention (agency_id, updated_at desc) where resolved_at is null;

      create table notifications.attention_state (
        agency_id uuid not null,
        user_id uuid not null,
        attention_id uuid not null references notifications.attention (id) on delete cascade,
        dismissed_at timestamptz,
        snoozed_until timestamptz,
        primary key (user_id, attention_id)
      );

      ${jobTables()}
    `,
  },
];
