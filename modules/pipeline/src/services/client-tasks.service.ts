/**
 * A client's checklist, per stage: `/clients/:id/tasks`. Order is explicit (`position`,
 * renumbered 0..n on every reorder) so that the drawer can drag tasks into place.
 */
import { randomUUID } from 'node:crypto';
import { assertVersion, defineService, errors, LockMode, now as clockNow, saved, type ActionContext } from '@audienceos/module-sdk';
import { actorId, loadClient } from '../domain/access';
import { liveClientPart } from '../domain/live';
import { agencyStages } from '../domain/stages';
import { assertTeamMembers } from '../domain/team';
import { taskDto } from '../dto';
import { TaskSchema, type Client, type Task } from '../entities';
import { assertCalendarDates, dateParam, idParam, stageKeyParam } from '../params';

const taskRoute = { ...idParam, taskId: { type: 'uuid' } } as const;
const taskFields = {
  title: { type: 'string', min: 1, max: 200, trim: true },
  stage: { ...stageKeyParam, optional: true, nullable: true },
  assigneeId: { type: 'uuid', optional: true, nullable: true },
  dueDate: dateParam,
} as const;

interface TaskFields {
  title?: string;
  stage?: string | null;
  assigneeId?: string | null;
  dueDate?: string | null;
}

async function validateTaskFields(ctx: ActionContext, fields: TaskFields): Promise<void> {
  assertCalendarDates({ dueDate: fields.dueDate });
  if (fields.stage && !(await agencyStages(ctx)).some((s) => s.key === fields.stage)) {
    throw errors.invalid({ field: 'stage', message: `There is no stage '${fields.stage}'`, type: 'stage', actual: fields.stage });
  }
  await assertTeamMembers(ctx, { assigneeId: fields.assigneeId });
}

function tasksOf(ctx: ActionContext, client: Client): Promise<Task[]> {
  return ctx.db.find(TaskSchema, { clientId: client.id }, { orderBy: { position: 'asc', createdAt: 'asc' } });
}

async function loadTask(ctx: ActionContext, client: Client, taskId: string, options: { lock?: boolean } = {}): Promise<Task> {
  // `lock`: read-modify-write under a row lock, so that concurrent edits queue (and If-Match sees the latest).
  const task = options.lock
    ? await ctx.em.findOne(TaskSchema, ctx.db.where<Task>({ id: taskId, clientId: client.id }), {
        lockMode: LockMode.PESSIMISTIC_WRITE,
        refresh: true,
      })
    : await ctx.db.findOne(TaskSchema, { id: taskId, clientId: client.id });
  if (!task) throw errors.notFound('Task', taskId);
  return task;
}

export const clientTasksService = defineService({
  name: 'clientTasks',
  settings: { rest: '/clients' },
  actions: {
    list: {
      rest: 'GET /:id/tasks',
      summary: "The client's checklist in order (optionally one stage's)",
      permissions: ['clients:read'],
      params: { ...idParam, stage: { ...stageKeyParam, optional: true } },
      async handler(ctx: ActionContext<{ id: string; stage?: string }>) {
        const client = await loadClient(ctx, ctx.params.id, { access: 'read' });
        const tasks = await tasksOf(ctx, client);
        return { items: tasks.filter((t) => !ctx.params.stage || t.stage === ctx.params.stage).map(taskDto) };
      },
    },
    create: {
      rest: 'POST /:id/tasks',
      summary: "Add a task at the end of the checklist (for the client's current stage unless `stage` says otherwise)",
      permissions: ['clients:write'],
      params: { ...idParam, ...taskFields },
      async handler(ctx: ActionContext<TaskFields & { id: string; title: string }>) {
        const { id, ...fields } = ctx.params;
        const client = await loadClient(ctx, id, { access: 'write' });
        await validateTaskFields(ctx, fields);
        // Idempotency-Key / meta.idempotencyKey (automations: `<runId>:<step>`): a retried create makes one task.
        const dto = await ctx.idempotent(async () => {
          const last = await ctx.db.find(TaskSchema, { clientId: client.id }, { orderBy: { position: 'desc' }, limit: 1 });
          const now = clockNow();
          const task = ctx.db.create(TaskSchema, {
            id: randomUUID(),
            clientId: client.id,
            title: fields.title,
            stage: fields.stage === undefined ? client.stage : fields.stage,
            assigneeId: fields.assigneeId ?? null,
            dueDate: fields.dueDate ?? null,
            done: false,
            position: (last[0]?.position ?? -1) + 1,
            createdBy: actorId(ctx),
            createdAt: now,
            updatedAt: now,
          });
          const created = taskDto(await saved(ctx, task));
          liveClientPart(ctx, 'task', task.id, client.id, 'created', task.version);
          return created;
        });
        ctx.meta.$statusCode = 201;
        return dto;
      },
    },
    update: {
      rest: 'PATCH /:id/tasks/:taskId',
      summary: 'Edit, tick off or reorder a task (`position`: its new index in the checklist)',
      permissions: ['clients:write'],
      params: {
        ...taskRoute,
        ...taskFields,
        title: { ...taskFields.title, optional: true },
        done: { type: 'boolean', optional: true },
        position: { type: 'number', integer: true, min: 0, max: 10_000, optional: true },
      },
      async handler(ctx: ActionContext<TaskFields & { id: string; taskId: string; done?: boolean; position?: number }>) {
        const { id, taskId, done, position, ...fields } = ctx.params;
        const client = await loadClient(ctx, id, { access: 'write' });
        const task = await loadTask(ctx, client, taskId, { lock: true });
        await assertVersion(ctx, task.version, () => taskDto(task));
        await validateTaskFields(ctx, fields);
        if (fields.title !== undefined) task.title = fields.title;
        if (fields.stage !== undefined) task.stage = fields.stage;
        if (fields.assigneeId !== undefined) task.assigneeId = fields.assigneeId;
        if (fields.dueDate !== undefined) task.dueDate = fields.dueDate;
        if (done !== undefined && done !== task.done) {
          task.done = done;
          task.doneAt = done ? clockNow() : null;
        }
        if (position !== undefined) {
          const others = (await tasksOf(ctx, client)).filter((t) => t.id !== task.id);
          others.splice(Math.min(position, others.length), 0, task);
          others.forEach((t, index) => (t.position = index));
        }
        const updated = taskDto(await saved(ctx, task));
        liveClientPart(ctx, 'task', task.id, client.id, 'updated', task.version);
        return updated;
      },
    },
    remove: {
      rest: 'DELETE /:id/tasks/:taskId',
      permissions: ['clients:write'],
      params: taskRoute,
      async handler(ctx: ActionContext<{ id: string; taskId: string }>) {
        const client = await loadClient(ctx, ctx.params.id, { access: 'write' });
        ctx.em.remove(await loadTask(ctx, client, ctx.params.taskId));
        liveClientPart(ctx, 'task', ctx.params.taskId, client.id, 'deleted');
        ctx.meta.$statusCode = 204;
        return null;
      },
    },
  },
});
