import type { Migration } from '@audienceos/module-sdk';

export const migrations: Migration[] = [
  {
    id: '0001_slack',
    up: `
      -- One Slack workspace per agency; a workspace belongs to one agency (events are routed by team id).
      create table connector_slack.connection (
        agency_id uuid primary key,
        team_id text not null unique,
        team_name text not null default '',
        bot_user_id text,
        token_sealed text not null,
        connected_by uuid,
        created_at timestamptz not null default now()
      );
      -- Events we could not route (unknown workspace): accepted (200) and kept for an operator.
      create table connector_slack.parked_event (
        id bigserial primary key,
        team_id text,
        event_id text,
        reason text not null,
        payload jsonb not null,
        created_at timestamptz not null default now()
      );
      -- Replies already accepted by Slack, by inbox message id: a redelivered job never posts twice.
      create table connector_slack.delivery (
        message_id uuid primary key,
        agency_id uuid not null,
        ts text not null,
        created_at timestamptz not null default now()
      );
    `,
  },
];
