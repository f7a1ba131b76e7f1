/**
 * Demo data: the stages of both agencies, Chase Digital's eight clients (ids from
 * `demo.clientIds`, so identity's grants to Jeff and other modules' seeds point at them) and
 * Northwind's three, each with its stage history, checklist and notes.
 */
import { randomUUID } from 'node:crypto';
import type { DemoAgency, SeedContext } from '@audienceos/module-sdk';
import { DAY_MS } from './domain/health';
import { DEFAULT_STAGES, LIVE_STAGE } from './domain/stages';
import { ClientSchema, NoteSchema, StageEventSchema, StageSchema, TaskSchema } from './entities';
import { CHASE_CLIENTS, NORTHWIND_CLIENTS, type SeedClient } from './seed-data';

const HOUR_MS = 3_600_000;

async function seedAgency({ em, demo }: SeedContext, agency: DemoAgency, clients: SeedClient[]): Promise<void> {
  const now = Date.now();
  // Working hours rather than midnight: events spread through the day look like real use.
  const daysAgo = (days: number, i = 0) => new Date(now - days * DAY_MS - (2 + ((i * 5) % 7)) * HOUR_MS);
  const userId = (handle: string) => demo.user(agency.slug, handle).id;
  const ids = demo.clientIds(agency.slug);

  DEFAULT_STAGES.forEach((s, position) => em.create(StageSchema, { id: randomUUID(), agencyId: agency.id, key: s.key, name: s.name, position, createdAt: daysAgo(120) }));

  clients.forEach((c, index) => {
    const first = c.moves[0]!;
    const last = c.moves[c.moves.length - 1]!;
    const firstLive = c.moves.find((m) => m.stage === LIVE_STAGE);
    em.create(ClientSchema, {
      id: ids[index]!,
      agencyId: agency.id,
      name: c.name,
      company: c.company,
      website: c.website,
      contactName: c.contactName,
      contactEmail: c.contactEmail,
      contactPhone: c.contactPhone,
      tags: c.tags,
      totalSpend: c.totalSpend,
      lifetimeValue: c.lifetimeValue,
      installDate: firstLive ? daysAgo(firstLive.daysAgo).toISOString().slice(0, 10) : null,
      notes: c.notes,
      stage: last.stage,
      stageEnteredAt: daysAgo(last.daysAgo, c.moves.length - 1),
      healthOverride: c.health?.value ?? null,
      healthReason: c.health?.reason ?? null,
      healthOverriddenBy: c.health ? userId(c.health.by) : null,
      healthOverriddenAt: c.health ? daysAgo(1) : null,
      ownerId: userId(c.owner),
      collaboratorIds: c.collaborators.map(userId),
      createdBy: userId(first.by),
      createdAt: daysAgo(first.daysAgo, 0),
      updatedAt: daysAgo(Math.min(last.daysAgo, 1)),
    });
  });
  // No modelled relations: clients first, then the rows that reference them.
  await em.flush();

  clients.forEach((c, index) => {
    const clientId = ids[index]!;
    c.moves.forEach((m, i) =>
      em.create(StageEventSchema, {
        id: randomUUID(),
        agencyId: agency.id,
        clientId,
        fromStage: i === 0 ? null : c.moves[i - 1]!.stage,
        toStage: m.stage,
        movedBy: userId(m.by),
        note: m.note ?? null,
        at: daysAgo(m.daysAgo, i),
      }),
    );
    c.tasks.forEach((t, position) =>
      em.create(TaskSchema, {
        id: randomUUID(),
        agencyId: agency.id,
        clientId,
        stage: t.stage,
        title: t.title,
        assigneeId: t.assignee ? userId(t.assignee) : null,
        dueDate: t.dueInDays === undefined ? null : new Date(now + t.dueInDays * DAY_MS).toISOString().slice(0, 10),
        done: t.done ?? false,
        doneAt: t.done ? daysAgo(1, position) : null,
        position,
        createdBy: userId(c.owner),
        createdAt: daysAgo(c.moves[0]!.daysAgo, position),
        updatedAt: daysAgo(1),
      }),
    );
    c.timeline.forEach((n, i) => em.create(NoteSchema, { id: randomUUID(), agencyId: agency.id, clientId, authorId: userId(n.by), body: n.body, createdAt: daysAgo(n.daysAgo, i + 1) }));
  });
  await em.flush();
}

export async function seed(ctx: SeedContext): Promise<void> {
  await seedAgency(ctx, ctx.demo.chase, CHASE_CLIENTS);
  await seedAgency(ctx, ctx.demo.northwind, NORTHWIND_CLIENTS);
  ctx.log(`pipeline: ${CHASE_CLIENTS.length + NORTHWIND_CLIENTS.length} clients`);
}
