import type { Migration } from '@audienceos/module-sdk';

/** The settings module's tables. Agencies and users are referenced by id only (no cross-schema keys). */
export const migrations: Migration[] = [
  {
    id: '0001_settings',
    up: `
      create table settings.agency_profile (
        agency_id uuid primary key,
        display_name text,
        timezone text not null default 'UTC',
        business_hours jsonb not null default '{}',
        logo_url text,
        default_currency text not null default 'USD' check (default_currency ~ '^[A-Z]{3}$'),
        updated_by uuid,
        updated_at timestamptz not null default now()
      );
      create table settings.user_preference (
        agency_id uuid not null,
        user_id uuid not null,
        theme text not null default 'system' check (theme in ('system', 'light', 'dark')),
        notifications jsonb not null default '{}',
        landing_module text,
        updated_at timestamptz not null default now(),
        primary key (agency_id, user_id)
      );
      create table settings.disabled_module (
        agency_id uuid not null,
        module text not null,
        disabled_by uuid,
        disabled_at timestamptz not null default now(),
        primary key (agency_id, module)
      );
    `,
  },
  {
    // Issue 9: holidays and the "pause while waiting on the client" rule of the SLA clocks.
    id: '0002_business_calendar',
    up: `
      alter table settings.agency_profile add column holidays jsonb not null default '[]';
      alter table settings.agency_profile add column sla_pause_while_waiting boolean not null default true;
    `,
  },
];
