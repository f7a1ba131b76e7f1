import { EntitySchema, type Opt } from '@audienceos/module-sdk';

/** One in-app notification for one person (repeats within the collapse window raise `count`). */
export class Notification {
  id!: string;
  agencyId!: string;
  recipientId!: string;
  kind!: string;
  recordType!: string;
  recordId!: string;
  clientId?: string | null;
  title!: string;
  body = '';
  url!: string;
  actorId?: string | null;
  count = 1;
  inApp = true;
  readAt?: Date | null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  emailState: Opt<string> = 'none';
  emailedAt?: Date | null;
  emailAttempts = 0;
  lastError?: string | null;
}

/** A person's notification preferences (one row per user; defaults when absent). */
export class Preference {
  agencyId!: string;
  userId!: string;
  channels: Record<string, { inApp: boolean; email: boolean }> = {};
  mutedClientIds: string[] = [];
  quietStart?: string | null;
  quietEnd?: string | null;
  timeZone?: string | null;
  digest = false;
  digestHour = 8;
  lastDigestOn?: string | null;
  version: Opt<number> = 1;
  updatedAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const optUuid = { type: 'uuid', nullable: true } as const;
const ts = { type: 'Date', columnType: 'timestamptz' } as const;
const optTs = { ...ts, nullable: true } as const;

export const NotificationSchema = new EntitySchema<Notification>({
  class: Notification,
  tableName: 'notifications.notification',
  properties: {
    id: { ...uuid, primary: true },
    agencyId: uuid,
    recipientId: uuid,
    kind: { type: 'string' },
    recordType: { type: 'string' },
    recordId: { type: 'string' },
    clientId: optUuid,
    title: { type: 'string' },
    body: { type: 'text' },
    url: { type: 'string' },
    actorId: optUuid,
    count: { type: 'integer' },
    inApp: { type: 'boolean' },
    readAt: optTs,
    createdAt: ts,
    updatedAt: ts,
    emailState: { type: 'string' },
    emailedAt: optTs,
    emailAttempts: { type: 'integer' },
    lastError: { type: 'text', nullable: true },
  },
});

export const PreferenceSchema = new EntitySchema<Preference>({
  class: Preference,
  tableName: 'notifications.preference',
  properties: {
    agencyId: { ...uuid, primary: true },
    userId: { ...uuid, primary: true },
    channels: { type: 'json' },
    mutedClientIds: { type: 'json' },
    quietStart: { type: 'string', nullable: true },
    quietEnd: { type: 'string', nullable: true },
    timeZone: { type: 'string', nullable: true },
    digest: { type: 'boolean' },
    digestHour: { type: 'smallint' },
    lastDigestOn: { type: 'string', nullable: true },
    version: { type: 'integer', version: true },
    updatedAt: ts,
  },
});

export const entities = [NotificationSchema, PreferenceSchema];
