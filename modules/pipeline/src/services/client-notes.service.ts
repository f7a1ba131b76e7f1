/** A client's notes timeline: `/clients/:id/notes`, newest first, append-only. */
import { randomUUID } from 'node:crypto';
import { defineService, paginate, pageParams, type ActionContext, type PageRequest } from '@audienceos/module-sdk';
import { actorId, loadClient } from '../domain/access';
import { liveClientPart } from '../domain/live';
import { noteDto } from '../dto';
import { NoteSchema, type Note } from '../entities';
import { idParam } from '../params';

export const clientNotesService = defineService({
  name: 'clientNotes',
  settings: { rest: '/clients' },
  actions: {
    list: {
      rest: 'GET /:id/notes',
      permissions: ['clients:read'],
      params: { ...idParam, ...pageParams(['createdAt']) },
      async handler(ctx: ActionContext<PageRequest & { id: string }>) {
        const client = await loadClient(ctx, ctx.params.id, { access: 'read' });
        const page = await paginate<Note>(ctx.db, NoteSchema, { clientId: client.id }, ctx.params, { sort: 'createdAt', order: 'desc' });
        return { ...page, items: page.items.map(noteDto) };
      },
    },
    create: {
      rest: 'POST /:id/notes',
      permissions: ['clients:write'],
      params: { ...idParam, body: { type: 'string', min: 1, max: 10_000, trim: true } },
      async handler(ctx: ActionContext<{ id: string; body: string }>) {
        const client = await loadClient(ctx, ctx.params.id, { access: 'write' });
        const note = ctx.db.create(NoteSchema, { id: randomUUID(), clientId: client.id, authorId: actorId(ctx), body: ctx.params.body, createdAt: new Date() });
        ctx.meta.$statusCode = 201;
        liveClientPart(ctx, 'note', note.id, client.id, 'created');
        return noteDto(note);
      },
    },
  },
});
