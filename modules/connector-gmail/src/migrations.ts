import type { Migration } from '@audienceos/module-sdk';

export const migrations: Migration[] = [
  {
    id: '0001_gmail',
    up: `
      -- One mailbox per agency; a mailbox belongs to one agency (push notifications are routed by address).
      create table connector_gmail.connection (
        agency_id uuid primary key,
        email text not null unique,
        -- sealed JSON { access_token, refresh_token, expires_at } (AES-256-GCM)
        tokens_sealed text not null,
        history_id text not null,
        connected_by uuid,
        created_at timestamptz not null default now()
      );
      create table connector_gmail.parked_event (
        id bigserial primary key,
        email text,
        reason text not null,
        payload jsonb not null,
        created_at timestamptz not null default now()
      );
      -- Replies Gmail accepted, by inbox message id: a redelivered job never sends twice.
      create table connector_gmail.delivery (
        message_id uuid primary key,
        agency_id uuid not null,
        gmail_id text not null,
        created_at timestamptz not null default now()
      );
    `,
  },
];
