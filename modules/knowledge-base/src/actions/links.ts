/** Documents attached to tickets, and suggestions for a ticket by its title (full text). */
import { clientScope, errors, type ActionContext, type ModuleAction } from '@audienceos/module-sdk';
import { visibleDocument } from '../access';
import { documentDto, SELECT_DOCUMENT, type DocumentRow } from '../dto';
import { assertTicket } from '../references';
import { searchPage } from '../search';
import { agencyLanguage } from './search';

export const ticketsOfDocumentAction: ModuleAction<{ id: string }> = {
  rest: 'GET /:id/tickets',
  summary: 'Tickets this document was attached to (ticket ids, newest first)',
  permissions: ['documents:read'],
  params: { id: { type: 'uuid' } },
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    const rows = await ctx.db.sql<{ ticket_id: string; linked_by: string | null; created_at: Date }>(
      'select ticket_id, linked_by, created_at from knowledge_base.ticket_link where agency_id = $agency and document_id = ? order by created_at desc',
      [doc.id],
    );
    const visible = await ticketsTheCallerSees(
      ctx,
      rows.map((r) => r.ticket_id),
    );
    return {
      items: rows
        .filter((r) => visible.has(r.ticket_id))
        .map((r) => ({ ticketId: r.ticket_id, linkedBy: r.linked_by, linkedAt: new Date(r.created_at).toISOString() })),
    };
  },
};

/**
 * The ticket ids among `ids` that the caller may see: all for anyone who sees every client,
 * otherwise each checked with tickets (a member must not learn, or detach, the links of
 * tickets of clients not granted to them). A tickets module that is down is a 503.
 */
async function ticketsTheCallerSees(ctx: ActionContext, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0 || (await clientScope(ctx)).all) return new Set(ids);
  const seen = await Promise.all(
    ids.map((id) =>
      assertTicket(ctx, id).then(
        () => id,
        (err: { code?: number }) => {
          if (err?.code === 422) return null;
          throw err;
        },
      ),
    ),
  );
  return new Set(seen.filter((id): id is string => id !== null));
}

export const attachAction: ModuleAction<{ id: string; ticketId: string }> = {
  rest: 'POST /:id/tickets',
  summary: 'Attach to a ticket the caller can see (422 on ticketId otherwise); attaching twice is a no-op',
  permissions: ['documents:read'],
  params: { id: { type: 'uuid' }, ticketId: { type: 'uuid' } },
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    await assertTicket(ctx, ctx.params.ticketId);
    await ctx.db.sql('insert into knowledge_base.ticket_link (agency_id, document_id, ticket_id, linked_by) values ($agency, ?, ?, ?) on conflict do nothing', [
      doc.id,
      ctx.params.ticketId,
      ctx.user.id,
    ]);
    ctx.meta.$statusCode = 201;
    return { documentId: doc.id, ticketId: ctx.params.ticketId };
  },
};

export const detachAction: ModuleAction<{ id: string; ticketId: string }> = {
  rest: 'DELETE /:id/tickets/:ticketId',
  permissions: ['documents:read'],
  params: { id: { type: 'uuid' }, ticketId: { type: 'uuid' } },
  async handler(ctx) {
    const doc = await visibleDocument(ctx, ctx.params.id);
    await assertTicket(ctx, ctx.params.ticketId); // a ticket the caller cannot see is not theirs to detach (422 like attach)
    const removed = await ctx.db.sql('delete from knowledge_base.ticket_link where agency_id = $agency and document_id = ? and ticket_id = ? returning ticket_id', [doc.id, ctx.params.ticketId]);
    if (!removed.length) throw errors.notFound('Link', ctx.params.ticketId);
    ctx.meta.$statusCode = 204;
    return null;
  },
};

export const forTicketAction: ModuleAction<{ ticketId: string }> = {
  rest: 'GET /for-ticket/:ticketId',
  summary: "The ticket drawer's documents: attached ones and suggestions from the ticket's title (full text, `or` of its words)",
  permissions: ['documents:read'],
  params: { ticketId: { type: 'uuid' } },
  async handler(ctx) {
    const ticket = (await assertTicket(ctx, ctx.params.ticketId)) as { title?: string };
    const scope = await clientScope(ctx);
    const attachedRows = await ctx.db.sql<DocumentRow>(
      `${SELECT_DOCUMENT} join knowledge_base.ticket_link l on l.document_id = d.id
        where d.agency_id = $agency and l.ticket_id = ? order by l.created_at desc`,
      [ctx.user.id, ctx.params.ticketId],
    );
    const attached = attachedRows.filter((r) => !r.client_id || scope.canRead(r.client_id)).map(documentDto);
    const words = (ticket.title ?? '').match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    let suggested: ReturnType<typeof documentDto>[] = [];
    if (words.length) {
      const language = await agencyLanguage(ctx);
      const page = await searchPage((q, p) => ctx.db.sql(q, p), { q: words.slice(0, 12).join(' or ') }, ctx.user.id, scope, language, 8);
      const ids = page.ids.map((i) => i.id).filter((id) => !attached.some((a) => a.id === id));
      if (ids.length) {
        const rows = await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = any(?::uuid[])`, [ctx.user.id, `{${ids.join(',')}}`]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        suggested = ids.filter((id) => byId.has(id)).slice(0, 5).map((id) => documentDto(byId.get(id)!));
      }
    }
    return { attached, suggested };
  },
};
