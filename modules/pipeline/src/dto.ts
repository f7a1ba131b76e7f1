/** What the API answers: plain JSON, dates as ISO strings, health and days in stage derived. */
import { now as clockNow } from '@audienceos/module-sdk';
import { daysSince, healthOf, type HealthThresholds } from './domain/health';
import type { Client, Health, Note, StageEvent, Task } from './entities';

export interface ClientDto {
  id: string;
  name: string;
  company: string;
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  tags: string[];
  totalSpend: number;
  lifetimeValue: number;
  installDate: string | null;
  notes: string | null;
  status: 'active' | 'archived';
  archivedAt: string | null;
  ownerId: string | null;
  collaboratorIds: string[];
  stage: string;
  stageEnteredAt: string;
  daysInStage: number;
  health: Health;
  /** `manual`: set by someone (see `healthReason`); `auto`: from days in stage. */
  healthSource: 'auto' | 'manual';
  healthReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** The record's version: send it back as `If-Match` to refuse overwriting a newer change (412). */
  version: number;
}

export function clientDto(c: Client, policy: HealthThresholds, now = clockNow()): ClientDto {
  return {
    id: c.id,
    name: c.name,
    company: c.company,
    website: c.website ?? null,
    contactName: c.contactName ?? null,
    contactEmail: c.contactEmail ?? null,
    contactPhone: c.contactPhone ?? null,
    tags: c.tags ?? [],
    totalSpend: Number(c.totalSpend),
    lifetimeValue: Number(c.lifetimeValue),
    installDate: c.installDate ?? null,
    notes: c.notes ?? null,
    status: c.archivedAt ? 'archived' : 'active',
    archivedAt: c.archivedAt ? c.archivedAt.toISOString() : null,
    ownerId: c.ownerId ?? null,
    collaboratorIds: c.collaboratorIds ?? [],
    stage: c.stage,
    stageEnteredAt: c.stageEnteredAt.toISOString(),
    daysInStage: daysSince(c.stageEnteredAt, now),
    health: healthOf(c, policy, now),
    healthSource: c.healthOverride ? 'manual' : 'auto',
    healthReason: c.healthOverride ? (c.healthReason ?? null) : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

export interface StageEventDto {
  id: string;
  clientId: string;
  from: string | null;
  to: string;
  movedBy: string | null;
  note: string | null;
  at: string;
}

export const stageEventDto = (e: StageEvent): StageEventDto => ({
  id: e.id,
  clientId: e.clientId,
  from: e.fromStage ?? null,
  to: e.toStage,
  movedBy: e.movedBy ?? null,
  note: e.note ?? null,
  at: e.at.toISOString(),
});

export interface TaskDto {
  id: string;
  clientId: string;
  stage: string | null;
  title: string;
  assigneeId: string | null;
  dueDate: string | null;
  done: boolean;
  doneAt: string | null;
  position: number;
  createdAt: string;
  updatedAt: string;
  /** See `ClientDto.version`. */
  version: number;
}

export const taskDto = (t: Task): TaskDto => ({
  id: t.id,
  clientId: t.clientId,
  stage: t.stage ?? null,
  title: t.title,
  assigneeId: t.assigneeId ?? null,
  dueDate: t.dueDate ?? null,
  done: t.done,
  doneAt: t.doneAt ? t.doneAt.toISOString() : null,
  position: t.position,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  version: t.version,
});

export interface NoteDto {
  id: string;
  clientId: string;
  authorId: string | null;
  body: string;
  createdAt: string;
}

export const noteDto = (n: Note): NoteDto => ({ id: n.id, clientId: n.clientId, authorId: n.authorId ?? null, body: n.body, createdAt: n.createdAt.toISOString() });
