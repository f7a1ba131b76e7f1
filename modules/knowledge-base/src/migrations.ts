import type { Migration } from '@audienceos/module-sdk';

export const migrations: Migration[] = [
  {
    id: '0001_knowledge_base',
    up: `
      -- accent-insensitive search and typo tolerance on titles (both trusted contrib extensions)
      create extension if not exists unaccent;
      create extension if not exists pg_trgm;

      -- unaccent() is only STABLE (its dictionary can change); this wrapper pins the
      -- dictionary so that it can be used in an expression index.
      create or replace function knowledge_base.fold(t text) returns text
        language sql immutable parallel safe strict
        as $f$ select lower(public.unaccent('public.unaccent'::regdictionary, t)) $f$;

      create table knowledge_base.agency_setting (
        agency_id uuid primary key,
        language regconfig not null default 'english'
      );

      create table knowledge_base.category (
        agency_id uuid not null,
        slug text not null,
        label text not null,
        created_at timestamptz not null default now(),
        primary key (agency_id, slug)
      );

      create table knowledge_base.file (
        id uuid primary key,
        agency_id uuid not null,
        size_bytes bigint not null,
        sha256 text not null,
        chunk_count integer not null,
        created_at timestamptz not null default now()
      );
      create table knowledge_base.file_chunk (
        file_id uuid not null references knowledge_base.file(id) on delete cascade,
        seq integer not null,
        data bytea not null,
        primary key (file_id, seq)
      );

      create table knowledge_base.document (
        id uuid primary key,
        agency_id uuid not null,
        title text not null,
        description text not null default '',
        category text not null,
        client_id uuid,
        tags text[] not null default '{}',
        author_id uuid,
        kind text not null check (kind in ('file', 'written')),
        file_type text not null check (file_type in ('pdf', 'docx', 'markdown', 'text', 'html')),
        version_number integer not null default 1,
        current_version_id uuid,
        status text not null check (status in ('pending', 'extracting', 'indexed', 'failed')),
        failure_reason text,
        sha256 text,
        size_bytes bigint not null default 0,
        page_count integer,
        word_count integer,
        body_text text not null default '',
        language regconfig not null default 'english',
        search tsvector,
        archived_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index document_agency_updated_idx on knowledge_base.document (agency_id, updated_at desc, id desc);
      create index document_agency_sha_idx on knowledge_base.document (agency_id, sha256);
      create index document_search_idx on knowledge_base.document using gin (search);
      create index document_title_trgm_idx on knowledge_base.document using gin (knowledge_base.fold(title) gin_trgm_ops);
      create index document_tags_idx on knowledge_base.document using gin (tags);

      -- title (A) > tags and description (B) > body (D), accents folded, in the agency's language
      create or replace function knowledge_base.document_search_trigger() returns trigger language plpgsql as $f$
      begin
        new.search :=
          setweight(to_tsvector(new.language, knowledge_base.fold(new.title)), 'A') ||
          setweight(to_tsvector(new.language, knowledge_base.fold(array_to_string(new.tags, ' ') || ' ' || new.description)), 'B') ||
          setweight(to_tsvector(new.language, knowledge_base.fold(left(new.body_text, 900000))), 'D');
        return new;
      end $f$;
      create trigger document_search before insert or update of title, tags, description, body_text, language
        on knowledge_base.document for each row execute function knowledge_base.document_search_trigger();

      create table knowledge_base.version (
        id uuid primary key,
        agency_id uuid not null,
        document_id uuid not null references knowledge_base.document(id) on delete cascade,
        number integer not null,
        kind text not null check (kind in ('file', 'written')),
        file_type text not null,
        file_id uuid references knowledge_base.file(id),
        file_name text,
        markdown text,
        size_bytes bigint not null default 0,
        sha256 text,
        status text not null check (status in ('pending', 'extracting', 'indexed', 'failed')),
        failure_reason text,
        extracted_text text,
        preview_html text,
        page_count integer,
        word_count integer,
        attempts integer not null default 0,
        created_by uuid,
        created_at timestamptz not null default now(),
        unique (document_id, number)
      );
      create index version_status_idx on knowledge_base.version (status) where status in ('pending', 'extracting');

      create table knowledge_base.star (
        agency_id uuid not null,
        user_id uuid not null,
        document_id uuid not null references knowledge_base.document(id) on delete cascade,
        created_at timestamptz not null default now(),
        primary key (document_id, user_id)
      );
      create index star_user_idx on knowledge_base.star (agency_id, user_id);

      create table knowledge_base.ticket_link (
        agency_id uuid not null,
        document_id uuid not null references knowledge_base.document(id) on delete cascade,
        ticket_id uuid not null,
        linked_by uuid,
        created_at timestamptz not null default now(),
        primary key (document_id, ticket_id)
      );
      create index ticket_link_ticket_idx on knowledge_base.ticket_link (agency_id, ticket_id);

      create table knowledge_base.search_miss (
        id uuid primary key,
        agency_id uuid not null,
        user_id uuid,
        query text not null,
        created_at timestamptz not null default now()
      );
      create index search_miss_agency_idx on knowledge_base.search_miss (agency_id, created_at desc);
    `,
  },
  {
    // The edit version (ETag / If-Match, issue 9 §8): +1 on every person's write (details, a new
    // version, archive/restore), not on the extraction job's status changes.
    id: '0002_document_revision',
    up: `alter table knowledge_base.document add column revision integer not null default 1;`,
  },
];
