/**
 * The role → permission matrix. A permission is `resource:verb`; a module declares the ones
 * it uses and may name the roles for each; otherwise the verb decides:
 *   read, write      → every role (members are further limited by data scoping)
 *   delete           → owner, admin
 *   manage           → owner, admin   (team, agency settings, module configuration)
 * `system` (durable-event consumers) may do everything within its agency.
 */
import type { PermissionDeclaration, PrincipalRole, Role } from './types';

export const ROLES: Role[] = ['owner', 'admin', 'manager', 'member'];

const BY_VERB: Record<string, Role[]> = {
  read: ['owner', 'admin', 'manager', 'member'],
  write: ['owner', 'admin', 'manager', 'member'],
  delete: ['owner', 'admin'],
  manage: ['owner', 'admin'],
};

export function rolesFor(permission: string, declared: PermissionDeclaration[] = []): Role[] {
  const decl = declared.find((d) => d.name === permission);
  if (decl?.roles) return decl.roles;
  const verb = permission.split(':')[1] ?? '';
  return BY_VERB[verb] ?? ['owner', 'admin'];
}

export function roleHas(role: PrincipalRole, permission: string, declared: PermissionDeclaration[] = []): boolean {
  if (role === 'system') return true;
  return rolesFor(permission, declared).includes(role);
}

/** Every permission a role has among the declared ones (for `/auth/me` and the UI). */
export function permissionsOf(role: PrincipalRole, declared: PermissionDeclaration[]): string[] {
  return declared.filter((d) => roleHas(role, d.name, declared)).map((d) => d.name);
}

/** `clients:read` etc. for a resource: the usual triple a module declares. */
export function crudPermissions(resource: string, overrides: Partial<Record<'read' | 'write' | 'delete', Role[]>> = {}): PermissionDeclaration[] {
  return (['read', 'write', 'delete'] as const).map((verb) => ({
    name: `${resource}:${verb}`,
    description: `${verb} ${resource}`,
    ...(overrides[verb] ? { roles: overrides[verb] } : {}),
  }));
}
