import type { ComponentType } from 'react';
import type { NavEntry } from './api-types';

/**
 * The contract between the shell and a federated remote.
 *
 * A remote exposes two modules:
 * - `./config` → default export (or the module itself) of type {@link RemoteConfig}: small,
 *   loaded in the background for every available module so that commands and widgets are
 *   known before the remote's screen is opened. Keep it free of heavy imports.
 * - `./App` → default export `ComponentType<RemoteAppProps>`, mounted at `/<nav path>/*`.
 */
export interface RemoteConfig {
  /** The module id, e.g. `pipeline`. */
  id: string;
  nav: NavEntry;
  commands?: RemoteCommand[];
  /** Permissions the remote's screens rely on (informational; the API enforces them). */
  permissions?: string[];
  /** UI contributed to other remotes' slots (e.g. a "Tickets" tab in the client drawer). */
  widgets?: WidgetDefinition[];
  /** Optional count shown next to the nav entry (e.g. messages needing a reply). */
  navBadge?: NavBadgeSource;
}

export interface RemoteAppProps {
  /** Absolute path the remote is mounted at (no trailing slash), e.g. `/pipeline`. */
  basePath: string;
}

/** Handed to a command's `perform`: what a command may do without importing the shell. */
export interface CommandContext {
  navigate: (to: string) => void;
  /** Path the contributing remote is mounted at. */
  basePath: string;
}

interface CommandBase {
  id: string;
  label: string;
  /** Heading in the command palette; defaults to the remote's nav label. */
  group?: string;
  /** Extra words the palette matches on. */
  keywords?: string[];
  /**
   * Global key binding, e.g. `g p` (sequence), `mod+shift+n` (chord; `mod` = ⌘ on macOS, Ctrl
   * elsewhere). Shown in the palette and in the `?` shortcuts list.
   */
  shortcut?: string;
  /** Permission needed to see the command. */
  permission?: string;
}

export type RemoteCommand =
  | (CommandBase & { perform: (ctx: CommandContext) => void | Promise<void>; href?: never })
  | (CommandBase & { href: string; perform?: never });

export interface WidgetDefinition {
  /** Where the widget appears, e.g. `client.tabs`, `client.sidebar`, `dashboard.cards`. */
  slot: string;
  id: string;
  label: string;
  /** Lower first; default 100. */
  order?: number;
  /** Permission needed to see the widget. */
  permission?: string;
  load: () => Promise<{ default: ComponentType<any> }>;
}

export interface NavBadgeSource {
  /** Resolve to a count, or null for no badge. Called by the shell every `intervalMs`. */
  fetch: (signal: AbortSignal) => Promise<number | null>;
  /** Default 60 000 ms. */
  intervalMs?: number;
}

/** A widget as the shell publishes it: the definition plus which remote contributed it. */
export interface WidgetRegistration extends WidgetDefinition {
  /** Module id of the contributing remote. */
  module: string;
}

/** Identity helper that gives a remote's `./config` full type checking. */
export function defineRemoteConfig(config: RemoteConfig): RemoteConfig {
  return config;
}

/** The federation container name for a module id: `knowledge-base` → `aos_knowledge_base`. */
export function federationName(moduleId: string): string {
  return `aos_${moduleId.replace(/-/g, '_')}`;
}
