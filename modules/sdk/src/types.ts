import type { Role } from '@audienceos/db';

export type { Role };
/** `system` is the principal of durable-event consumers and jobs: it acts within one agency. */
export type PrincipalRole = Role | 'system';

/** The verified caller, as carried in `ctx.meta.user` (kept small: it travels to every node). */
export interface CallerUser {
  id: string;
  agencyId: string;
  role: PrincipalRole;
  /**
   * The user's session version (revocation epoch) the access token was issued under; the
   * gateway has already compared it with identity's current one. Absent for system principals.
   */
  sv?: number;
}

export interface Meta {
  user?: CallerUser;
  /** HMAC over the user, set by the gateway (or the SDK for system principals). */
  userSig?: string;
  idempotencyKey?: string;
  requestId?: string;
  clientIp?: string;
  /** Set by actions for the gateway: HTTP status, headers, cookies. */
  $statusCode?: number;
  $responseHeaders?: Record<string, string>;
  $responseType?: string;
  [key: string]: unknown;
}

export type NavGroup = 'operations' | 'resources' | 'configure';

export interface NavEntry {
  label: string;
  /** A lucide icon name in kebab case, e.g. `kanban`, `ticket`. */
  icon: string;
  path: string;
  group: NavGroup;
  order: number;
}

export interface UiManifest {
  /** Module Federation container name, e.g. `aos_pipeline`. */
  remote: string;
  /** URL of its remoteEntry.js (relative to the shell's origin, or absolute). */
  entry: string;
  exposes: string[];
  nav: NavEntry;
}

export interface PermissionDeclaration {
  name: string;
  description?: string;
  /** Roles granted this permission; defaults by verb (see permissions.ts). */
  roles?: Role[];
}

/** How a KPI's buckets combine, and what "no data" is: `sum`/`snapshot` → 0, `average` → null. */
export type KpiAggregate = 'sum' | 'average' | 'snapshot';

export interface KpiDeclaration {
  id: string;
  label: string;
  /**
   * Action that answers `{ id, from, to, zone?, bucket? }` (`[from, to)` ISO instants, IANA zone,
   * `day`|`week`) with `{ value, series }`; the dashboard asks twice for the previous period.
   * Write it with `defineKpis()` (SDK) so periods, buckets and empty values follow the contract.
   */
  action: string;
  unit?: 'count' | 'hours' | 'days' | 'percent' | 'currency' | 'minutes';
  lowerIsBetter?: boolean;
  aggregate?: KpiAggregate;
  /**
   * The list behind the figure, with the same definition: `{from}` and `{to}` are replaced by
   * the card's period (ISO instants), e.g. `/tickets?sla=breached&createdFrom={from}&createdTo={to}`.
   * For a count, that list's length equals the figure.
   */
  link?: string;
  permission?: string;
}

export interface TriggerDeclaration {
  /** Durable topic, e.g. `pipeline.client.stageChanged`. */
  topic: string;
  label: string;
  fields?: Record<string, string>;
}

export interface AutomationActionDeclaration {
  id: string;
  label: string;
  /** Moleculer action that performs it with a system principal. */
  action: string;
  params?: Record<string, unknown>;
}

export interface ModuleManifest {
  module: string;
  version: string;
  description?: string;
  ui?: UiManifest;
  permissions: PermissionDeclaration[];
  kpis?: KpiDeclaration[];
  triggers?: TriggerDeclaration[];
  actions?: AutomationActionDeclaration[];
  /** An inbox source (communications finds it by `id` and calls its `send`/`status` actions). */
  connector?: ConnectorDeclaration;
  /** Global search (⌘K): the module answers `{ q, limit }` with typed hits (see {@link SearchDeclaration}). */
  search?: SearchDeclaration;
}

/**
 * A module's part in global search. `action` (broker-only, called with the caller's own signed
 * identity) takes `{ q: string, limit?: number (1–20, default 5) }` and answers
 * {@link SearchAnswer}, applying the module's own permissions (a member: granted clients only).
 */
export interface SearchDeclaration {
  /** Moleculer action, e.g. `tickets.search`. */
  action: string;
  /** The group heading in the palette, e.g. `Tickets`. */
  label: string;
  /** The hit types it answers, e.g. `['ticket']`. */
  types: string[];
}

/** One record found by a module's search action. */
export interface SearchHit {
  type: string;
  id: string;
  title: string;
  subtitle?: string;
  /** A shell path that opens the record in its drawer, e.g. `/tickets?ticket=<id>`. */
  url: string;
  /** Relevance in [0, 1]; 1 = the whole title equals the query. */
  score: number;
}

export interface SearchAnswer {
  hits: SearchHit[];
}

export interface ConnectorDeclaration {
  /** The source id stored on conversations, e.g. `slack`. */
  id: string;
  label: string;
  /** e.g. `ingest`, `send`, `oauth`, `backfill`. */
  capabilities: string[];
}
