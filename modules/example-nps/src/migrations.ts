import type { Migration } from '@audienceos/module-sdk';

export const migrations: Migration[] = [
  {
    id: '0001_example_nps',
    up: `
      create table example_nps.response (
        id uuid primary key,
        agency_id uuid not null,
        client_id uuid not null,
        score smallint not null check (score between 0 and 10),
        comment text check (char_length(comment) <= 2000),
        recorded_by uuid,
        created_at timestamptz not null default now()
      );
      -- The list (newest first, keyset on created_at + id) and the summary's range scans.
      create index response_agency_created_idx on example_nps.response (agency_id, created_at desc, id desc);
      create index response_agency_client_idx on example_nps.response (agency_id, client_id, created_at desc);
    `,
  },
];
