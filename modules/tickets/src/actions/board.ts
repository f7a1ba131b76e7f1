/** `GET /tickets/board`: one column per status with its count and first cards, same filters as the list. */
import { now as clockNow, paginate, type ModuleAction } from '@audienceos/module-sdk';
import { clientScopeOf } from '../access';
import { STATUSES } from '../constants';
import { ticketDto } from '../dto';
import { TicketSchema, type Ticket } from '../entities';
import { listParams, listWhere, type ListParams } from './list';

const { sort: _sort, order: _order, cursor: _cursor, limit: _limit, ...filterParams } = listParams;

/** Open columns put the most urgent first; resolved shows the latest resolutions. */
const COLUMN_SORT = { open: { sort: 'priorityRank', order: 'desc' }, resolved: { sort: 'updatedAt', order: 'desc' } } as const;

export const boardAction: ModuleAction<ListParams & { perStatus?: number }> = {
  rest: 'GET /board',
  summary: 'The board: every status with its count and first cards',
  permissions: ['tickets:read'],
  params: { ...filterParams, perStatus: { type: 'number', integer: true, positive: true, max: 100, convert: true, optional: true } },
  async handler(ctx) {
    const { perStatus = 50, status: wanted } = ctx.params;
    const scope = await clientScopeOf(ctx);
    const statuses = wanted
      ? STATUSES.filter((s) => wanted.split(',').some((w) => w === s || (w === 'open' && s !== 'resolved')))
      : STATUSES;
    // A fresh condition per query: raw() fragments (sla, openAt, q) are used up by the first
    // query that renders them (reusing them answered 500 for `?openAt=` or `?sla=` on the board).
    const base = () => listWhere({ ...ctx.params, status: undefined }, ctx.user.id, scope.all ? null : scope.read);
    const now = clockNow();
    const columns = [];
    // One column after the other: a call's EntityManager is not meant for parallel queries.
    for (const status of statuses) {
      const where = () => ({ $and: [...base(), { status }] });
      const count = await ctx.db.count<Ticket>(TicketSchema, where());
      const order = status === 'resolved' ? COLUMN_SORT.resolved : COLUMN_SORT.open;
      const page = await paginate<Ticket>(ctx.db, TicketSchema, where(), { limit: perStatus }, order);
      columns.push({ status, count, items: page.items.map((t) => ticketDto(t, now)), nextCursor: page.nextCursor });
    }
    return { columns };
  },
};
