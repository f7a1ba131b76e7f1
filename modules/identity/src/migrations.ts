import type { Migration } from '@audienceos/module-sdk';

export const migrations: Migration[] = [
  {
    id: '0001_identity',
    up: `
      create table identity.agency (
        id uuid primary key,
        slug text not null unique,
        name text not null,
        created_at timestamptz not null default now()
      );
      create table identity.user (
        id uuid primary key,
        agency_id uuid not null references identity.agency(id),
        name text not null,
        email text not null,
        title text,
        role text not null check (role in ('owner', 'admin', 'manager', 'member')),
        active boolean not null default true,
        last_active_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index user_agency_email_uq on identity.user (agency_id, lower(email));
      create index user_email_idx on identity.user (lower(email));
      create table identity.credential (
        user_id uuid primary key references identity.user(id) on delete cascade,
        password_hash text not null,
        updated_at timestamptz not null default now()
      );
      create table identity.refresh_token (
        id uuid primary key,
        agency_id uuid not null,
        user_id uuid not null references identity.user(id) on delete cascade,
        family_id uuid not null,
        token_hash text not null unique,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        replaced_at timestamptz,
        created_at timestamptz not null default now()
      );
      create index refresh_token_family_idx on identity.refresh_token (family_id);
      create table identity.invitation (
        id uuid primary key,
        agency_id uuid not null references identity.agency(id),
        email text not null,
        role text not null check (role in ('owner', 'admin', 'manager', 'member')),
        token_hash text not null unique,
        invited_by uuid not null,
        expires_at timestamptz not null,
        accepted_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now()
      );
      create table identity.client_access (
        agency_id uuid not null,
        user_id uuid not null references identity.user(id) on delete cascade,
        client_id uuid not null,
        access text not null check (access in ('read', 'write')),
        granted_by uuid,
        created_at timestamptz not null default now(),
        primary key (user_id, client_id)
      );
      create table identity.audit_log (
        id uuid primary key,
        agency_id uuid,
        actor_id uuid,
        event text not null,
        target_type text,
        target_id text,
        ip text,
        data jsonb not null default '{}',
        created_at timestamptz not null default now()
      );
      create index audit_log_agency_idx on identity.audit_log (agency_id, created_at desc, id desc);
      create table identity.login_attempt (
        id bigserial primary key,
        email text not null,
        ip text not null,
        success boolean not null,
        created_at timestamptz not null default now()
      );
      create index login_attempt_email_idx on identity.login_attempt (email, created_at);
      create index login_attempt_ip_idx on identity.login_attempt (ip, created_at);
    `,
  },
  {
    // Trust (issue 8): a per-user session version carried in access tokens (a change revokes
    // them at once); emails stored normalised so that sign-in compares by equality; failures
    // counted per (email, address) for progressive delays.
    id: '0002_identity_trust',
    up: `
      alter table identity.user add column session_version integer not null default 1;
      update identity.user set email = lower(trim(email)) where email <> lower(trim(email));
      update identity.invitation set email = lower(trim(email)) where email <> lower(trim(email));
      create index login_attempt_pair_idx on identity.login_attempt (email, ip, created_at);
      create index invitation_agency_email_idx on identity.invitation (agency_id, lower(email));
    `,
  },
];
