import type { Migration } from '@audienceos/module-sdk';

/** The dashboard owns one table: each user's card layout (order and hidden cards). */
export const migrations: Migration[] = [
  {
    id: '0001_dashboard',
    up: `
      create table dashboard.layout (
        id uuid primary key,
        agency_id uuid not null,
        user_id uuid not null,
        cards jsonb not null default '[]',
        updated_at timestamptz not null default now(),
        unique (agency_id, user_id)
      );
    `,
  },
];
