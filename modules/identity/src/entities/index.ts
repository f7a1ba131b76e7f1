import { EntitySchema } from '@audienceos/module-sdk';
import type { Role } from '@audienceos/module-sdk';

export class Agency {
  id!: string;
  slug!: string;
  name!: string;
  createdAt: Date = new Date();
}

export class User {
  id!: string;
  agencyId!: string;
  name!: string;
  email!: string;
  title?: string | null;
  role!: Role;
  active = true;
  /** Revocation epoch: bumped on role change, (de)activation, logout and refresh-family revocation. */
  sessionVersion = 1;
  lastActiveAt?: Date | null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export class Credential {
  userId!: string;
  passwordHash!: string;
  updatedAt: Date = new Date();
}

export class RefreshToken {
  id!: string;
  agencyId!: string;
  userId!: string;
  familyId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  revokedAt?: Date | null;
  replacedAt?: Date | null;
  createdAt: Date = new Date();
}

export class Invitation {
  id!: string;
  agencyId!: string;
  email!: string;
  role!: Role;
  tokenHash!: string;
  invitedBy!: string;
  expiresAt!: Date;
  acceptedAt?: Date | null;
  revokedAt?: Date | null;
  createdAt: Date = new Date();
}

export class ClientAccess {
  agencyId!: string;
  userId!: string;
  clientId!: string;
  access!: 'read' | 'write';
  grantedBy?: string | null;
  createdAt: Date = new Date();
}

export class AuditLog {
  id!: string;
  agencyId?: string | null;
  actorId?: string | null;
  event!: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  data: Record<string, unknown> = {};
  createdAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const ts = { type: 'Date', columnType: 'timestamptz' } as const;
const optTs = { ...ts, nullable: true } as const;

export const AgencySchema = new EntitySchema<Agency>({
  class: Agency,
  tableName: 'identity.agency',
  properties: { id: { ...uuid, primary: true }, slug: { type: 'string' }, name: { type: 'string' }, createdAt: ts },
});

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'identity.user',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    name: { type: 'string' },
    email: { type: 'string' },
    title: { type: 'string', nullable: true },
    role: { type: 'string' },
    active: { type: 'boolean' },
    sessionVersion: { type: 'integer', default: 1 },
    lastActiveAt: optTs,
    createdAt: ts,
    updatedAt: { ...ts, onUpdate: () => new Date() },
  },
});

export const CredentialSchema = new EntitySchema<Credential>({
  class: Credential,
  tableName: 'identity.credential',
  properties: { userId: { ...uuid, primary: true }, passwordHash: { type: 'string' }, updatedAt: ts },
});

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  class: RefreshToken,
  tableName: 'identity.refresh_token',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    userId: uuid,
    familyId: uuid,
    tokenHash: { type: 'string' },
    expiresAt: ts,
    revokedAt: optTs,
    replacedAt: optTs,
    createdAt: ts,
  },
});

export const InvitationSchema = new EntitySchema<Invitation>({
  class: Invitation,
  tableName: 'identity.invitation',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    email: { type: 'string' },
    role: { type: 'string' },
    tokenHash: { type: 'string' },
    invitedBy: uuid,
    expiresAt: ts,
    acceptedAt: optTs,
    revokedAt: optTs,
    createdAt: ts,
  },
});

export const ClientAccessSchema = new EntitySchema<ClientAccess>({
  class: ClientAccess,
  tableName: 'identity.client_access',
  properties: {
    agencyId: uuid,
    userId: { ...uuid, primary: true },
    clientId: { ...uuid, primary: true },
    access: { type: 'string' },
    grantedBy: { ...uuid, nullable: true },
    createdAt: ts,
  },
});

export const AuditLogSchema = new EntitySchema<AuditLog>({
  class: AuditLog,
  tableName: 'identity.audit_log',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: { ...uuid, nullable: true },
    actorId: { ...uuid, nullable: true },
    event: { type: 'string' },
    targetType: { type: 'string', nullable: true },
    targetId: { type: 'string', nullable: true },
    ip: { type: 'string', nullable: true },
    data: { type: 'json' },
    createdAt: ts,
  },
});

export const entities = [AgencySchema, UserSchema, CredentialSchema, RefreshTokenSchema, InvitationSchema, ClientAccessSchema, AuditLogSchema];
