/**
 * Identity: agencies, users, roles, credentials, refresh tokens, invitations, member client
 * access and the audit log. The gateway's Passport strategies call `auth.*`.
 */
import { defineModule } from '@audienceos/module-sdk';
import { entities } from './entities';
import { migrations } from './migrations';
import { seed } from './seed';
import { accountService } from './services/account.service';
import { authService } from './services/auth.service';
import { auditService } from './services/audit.service';
import { invitationsService } from './services/invitations.service';
import { agencyService, usersService } from './services/users.service';
import { peopleSearch } from './search';

export default defineModule({
  name: 'identity',
  version: '0.1.0',
  schema: 'identity',
  entities,
  migrations,
  seed,
  publishes: ['identity.user.roleChanged', 'identity.user.accessChanged'],
  manifest: {
    description: 'Team, roles, sign-in and the security audit log',
    permissions: [
      { name: 'users:read', description: 'See the team' },
      { name: 'users:manage', description: 'Invite people, change roles, deactivate, grant client access', roles: ['owner', 'admin'] },
      { name: 'agency:manage', description: 'Rename the agency', roles: ['owner', 'admin'] },
      { name: 'audit:read', description: 'Read the security audit log', roles: ['owner', 'admin'] },
    ],
    search: peopleSearch.declaration,
  },
  services: [authService, usersService, agencyService, invitationsService, auditService, accountService],
});

export type { UserDto } from './dto';
