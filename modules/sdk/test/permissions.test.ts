import { permissionsOf, roleHas, rolesFor } from '@audienceos/module-sdk';

describe('role → permission matrix', () => {
  it('defaults by verb: read/write for everyone, delete/manage for owner and admin', () => {
    expect(rolesFor('tickets:read')).toEqual(['owner', 'admin', 'manager', 'member']);
    expect(rolesFor('tickets:write')).toEqual(['owner', 'admin', 'manager', 'member']);
    expect(rolesFor('tickets:delete')).toEqual(['owner', 'admin']);
    expect(rolesFor('users:manage')).toEqual(['owner', 'admin']);
  });

  it('a module may name the roles; system may do everything', () => {
    const declared = [{ name: 'clients:delete', roles: ['owner' as const] }];
    expect(roleHas('admin', 'clients:delete', declared)).toBe(false);
    expect(roleHas('owner', 'clients:delete', declared)).toBe(true);
    expect(roleHas('system', 'clients:delete', declared)).toBe(true);
    expect(permissionsOf('member', [{ name: 'a:read' }, { name: 'a:delete' }])).toEqual(['a:read']);
  });
});
