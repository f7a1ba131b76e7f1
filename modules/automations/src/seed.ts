/**
 * Demo workflows (issue 12 §6): the five templates as Chase's workflows, three of them enabled
 * (welcome sequence, urgent ticket triage, off-boarding checklist), with a run history derived
 * from the seed's own history — every critical ticket the seed opened for a client with an
 * owner ran the triage, every seeded move to Off-Boarding ran the checklist (its last step
 * waits for approval). The seed reads the pipeline's and tickets' seeded rows (when those
 * modules are installed) only to date and fill these runs; at run time the engine learns
 * everything from durable events.
 */
import { randomUUID } from 'node:crypto';
import { demoId, type SeedContext } from '@audienceos/module-sdk';
import { renderParams, type Definition } from './definition';
import { TEMPLATES } from './templates';

const ENABLED = new Set(['welcome-sequence', 'urgent-ticket-triage', 'off-boarding-checklist']);
const LABELS: Record<string, string> = {
  'pipeline:pipeline.addTask': 'Add a task for the client',
  'tickets:assign-ticket': 'Assign a ticket',
  'notifications:notify': 'Send a notification',
};

interface ClientRow {
  id: string;
  name: string;
  company: string;
  contact_name: string | null;
  contact_email: string | null;
  owner_id: string | null;
  stage: string;
  tags: string[];
}

export async function seed({ em, demo, log }: SeedContext): Promise<void> {
  const conn = em.getConnection();
  const sql = <R = any>(q: string, p: unknown[] = []) => conn.execute(q, p, 'all') as Promise<R[]>;
  const agency = demo.agency(demo.chase.slug);
  const owner = agency.users.find((u) => u.role === 'owner')!;
  const exists = async (table: string) => ((await sql<{ t: string | null }>(`select to_regclass(?) as t`, [table]))[0]?.t ?? null) !== null;
  const created = new Date(Date.now() - 120 * 86_400_000);
  const ids = new Map<string, string>();
  for (const tpl of TEMPLATES) {
    const id = demoId('automation-workflow', `${demo.chase.slug}/${tpl.id}`);
    ids.set(tpl.id, id);
    const d = tpl.definition;
    await sql(
      `insert into automations.workflow (id, agency_id, name, description, enabled, trigger, conditions, steps, trigger_kind, trigger_topic, template_id, version, created_by, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, 1, ?, ?, ?) on conflict (id) do nothing`,
      [
        id,
        agency.id,
        tpl.name,
        tpl.description,
        ENABLED.has(tpl.id),
        JSON.stringify(d.trigger),
        JSON.stringify(d.conditions),
        JSON.stringify(d.steps),
        d.trigger.type,
        d.trigger.type === 'event' ? d.trigger.topic : null,
        tpl.id,
        owner.id,
        created,
        created,
      ],
    );
    await sql(
      `insert into automations.workflow_version (workflow_id, version, agency_id, definition, created_by, created_at) values (?, 1, ?, ?::jsonb, ?, ?) on conflict do nothing`,
      [id, agency.id, JSON.stringify(d), owner.id, created],
    );
  }
  if (!(await exists('pipeline.client'))) return;
  const clients = new Map(
    (
      await sql<ClientRow>(
        `select id, name, company, contact_name, contact_email, owner_id, stage, tags from pipeline.client where agency_id = ?`,
        [agency.id],
      )
    ).map((c) => [c.id, c]),
  );
  const clientContext = (c: ClientRow | undefined) =>
    c
      ? {
          id: c.id,
          name: c.name,
          company: c.company,
          contactName: c.contact_name,
          contactEmail: c.contact_email,
          ownerId: c.owner_id,
          stage: c.stage,
          tags: c.tags,
        }
      : {};
  let runs = 0;

  const addRun = async (
    tplId: string,
    at: Date,
    key: string,
    trigger: Record<string, unknown>,
    data: Record<string, unknown>,
    client: ClientRow | undefined,
    pendingApprovalFrom = Infinity,
  ) => {
    const tpl = TEMPLATES.find((x) => x.id === tplId)!;
    const workflowId = ids.get(tplId)!;
    const runId = randomUUID();
    const context = { trigger: data, client: clientContext(client), workflow: { id: workflowId, name: tpl.name }, run: { id: runId } };
    const steps = (tpl.definition as Definition).steps;
    const waiting = steps.length > pendingApprovalFrom;
    const startedAt = new Date(at.getTime() + 1500);
    const finishedAt = waiting ? null : new Date(startedAt.getTime() + 400 * steps.length);
    await sql(
      `insert into automations.run (id, agency_id, workflow_id, workflow_version, status, trigger, event_id, client_id, depth, context, started_at, finished_at, created_at)
       values (?, ?, ?, 1, ?, ?::jsonb, ?, ?, 1, ?::jsonb, ?, ?, ?)`,
      [
        runId,
        agency.id,
        workflowId,
        waiting ? 'awaiting_approval' : 'succeeded',
        JSON.stringify(trigger),
        key,
        client?.id ?? null,
        JSON.stringify(context),
        startedAt,
        finishedAt,
        startedAt,
      ],
    );
    for (const [idx, s] of steps.entries()) {
      const stepStart = new Date(startedAt.getTime() + 400 * idx);
      const awaiting = idx >= pendingApprovalFrom;
      await sql(
        `insert into automations.run_step (run_id, idx, agency_id, action, label, params, delay_minutes, continue_on_failure, require_approval, status, input, attempts, approved, requested_at, started_at, finished_at)
         values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)`,
        [
          runId,
          idx,
          agency.id,
          s.action,
          LABELS[s.action] ?? s.action,
          JSON.stringify(s.params),
          s.delayMinutes ?? 0,
          s.continueOnFailure ?? false,
          s.requireApproval ?? false,
          awaiting ? 'awaiting_approval' : 'succeeded',
          awaiting ? null : JSON.stringify(renderParams(s.params, context)),
          awaiting ? 0 : 1,
          s.requireApproval && !awaiting ? true : null,
          awaiting ? stepStart : null,
          awaiting ? null : stepStart,
          awaiting ? null : new Date(stepStart.getTime() + 350),
        ],
      );
    }
    await sql(
      `insert into automations.processed_event (workflow_id, dedupe_key, agency_id, run_id, created_at) values (?, ?, ?, ?, ?) on conflict do nothing`,
      [workflowId, key, agency.id, runId, startedAt],
    );
    runs++;
  };

  // Urgent ticket triage: each seeded critical ticket of a client that has an owner.
  if (await exists('tickets.ticket')) {
    const tickets = await sql<{
      id: string;
      number: number;
      title: string;
      category: string;
      client_id: string;
      priority: string;
      status: string;
      assignee_id: string | null;
      created_at: Date;
    }>(
      `select id, number, title, category, client_id, priority, status, assignee_id, created_at from tickets.ticket where agency_id = ? and priority = 'critical' and created_at > ? order by created_at`,
      [agency.id, created],
    );
    for (const t of tickets) {
      const client = clients.get(t.client_id);
      if (!client?.owner_id) continue;
      const occurredAt = new Date(t.created_at);
      await addRun(
        'urgent-ticket-triage',
        occurredAt,
        `seed:ticket:${t.id}`,
        { type: 'event', topic: 'tickets.ticket.created', eventId: `seed:ticket:${t.id}` },
        {
          ticketId: t.id,
          number: t.number,
          clientId: t.client_id,
          priority: t.priority,
          status: 'new',
          assigneeId: null,
          title: t.title,
          category: t.category,
          topic: 'tickets.ticket.created',
          occurredAt: occurredAt.toISOString(),
        },
        client,
      );
    }
  }
  // Off-boarding checklist: each seeded move to Off-Boarding (the access revocation awaits approval).
  const moves = await sql<{
    id: string;
    client_id: string;
    from_stage: string | null;
    to_stage: string;
    note: string | null;
    moved_by: string | null;
    at: Date;
  }>(
    `select id, client_id, from_stage, to_stage, note, moved_by, at from pipeline.stage_event where agency_id = ? and to_stage = 'off-boarding' and from_stage is not null and at > ? order by at`,
    [agency.id, created],
  );
  for (const m of moves) {
    const client = clients.get(m.client_id);
    const occurredAt = new Date(m.at);
    await addRun(
      'off-boarding-checklist',
      occurredAt,
      `seed:move:${m.id}`,
      { type: 'event', topic: 'pipeline.client.stageChanged', eventId: `seed:move:${m.id}` },
      {
        clientId: m.client_id,
        name: client?.name ?? '',
        from: m.from_stage,
        to: m.to_stage,
        note: m.note,
        movedBy: m.moved_by,
        topic: 'pipeline.client.stageChanged',
        occurredAt: occurredAt.toISOString(),
      },
      client,
      2,
    );
  }
  log(`automations: ${TEMPLATES.length} workflows (${ENABLED.size} enabled), ${runs} runs from the seeded history`);
}
