/**
 * Shapes of the platform API that every remote relies on (auth + module registry).
 * Domain shapes belong to each remote; these are the ones the shell and SDK share.
 */

export type Role = 'owner' | 'admin' | 'manager' | 'member';

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  agencyId: string;
  lastActiveAt?: string | null;
}

export interface Agency {
  id: string;
  name: string;
  slug: string;
}

/** `GET /api/v1/auth/me` */
export interface MeResponse {
  user: CurrentUser;
  agency: Agency;
  permissions: string[];
}

/** `POST /api/v1/auth/login` and `POST /api/v1/auth/refresh` */
export interface TokenResponse {
  accessToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
  user?: Partial<CurrentUser>;
}

export type NavGroup = 'operations' | 'resources' | 'configure';

export interface NavEntry {
  label: string;
  /** Icon name from a small, fixed vocabulary (see the shell's icon map); unknown names fall back. */
  icon: string;
  /** Absolute app path the remote is mounted at, e.g. `/pipeline`. */
  path: string;
  group: NavGroup;
  order: number;
}

export interface ModuleUi {
  /** Federation container name, `aos_<module with - replaced by _>`. */
  remote: string;
  /** URL of the remote's `remoteEntry.js`, usually `/remotes/<module>/remoteEntry.js`. */
  entry: string;
  nav: NavEntry;
  exposes?: string[];
}

/** One entry of `GET /api/v1/modules`. */
export interface ModuleManifest {
  module: string;
  version: string;
  available: boolean;
  ui: ModuleUi | null;
  permissions: string[];
}

export interface ModulesResponse {
  modules: ModuleManifest[];
}
