import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@audienceos/module-sdk';
import { AuditLogSchema, type AuditLog } from './entities';

export interface AuditEntry {
  agencyId?: string | null;
  actorId?: string | null;
  event: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  data?: Record<string, unknown>;
}

/** Queue a security event in the call's unit of work (flushed with the change it describes). */
export function audit(em: EntityManager, entry: AuditEntry): AuditLog {
  const row = em.create(AuditLogSchema, {
    id: randomUUID(),
    agencyId: entry.agencyId ?? null,
    actorId: entry.actorId && entry.actorId !== 'system' ? entry.actorId : null,
    event: entry.event,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    data: entry.data ?? {},
    createdAt: new Date(),
  });
  em.persist(row);
  return row;
}
