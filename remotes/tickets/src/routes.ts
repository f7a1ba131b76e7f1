/**
 * Everything a link may open lives in the URL, so that palette commands, the client drawer's
 * tab and a reload land on the same screen:
 *   ?view=board            the board instead of the table
 *   ?ticket=<id>           the ticket drawer
 *   ?new=1[&client=<id>]   the "New ticket" dialog (for that client)
 *   status, priority, category, assignee, client, overdue, sla, q, sort, order — filters and sort
 *   in=created|resolved|responded|timeLogged&from=<ISO>&to=<ISO> — a dashboard card's drill-down:
 *                          the tickets its figure counted in [from, to)
 *   openAt=<ISO>         the "open tickets" drill-down: open at that instant (or now, if later), by the timeline
 */
export const VIEW_PARAM = 'view';
export const TICKET_PARAM = 'ticket';
export const NEW_PARAM = 'new';
export const FILTER_KEYS = ['status', 'priority', 'category', 'assignee', 'client', 'overdue', 'sla', 'q', 'in', 'from', 'to', 'openAt'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
