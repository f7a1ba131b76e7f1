import type { BoardColumn, Page, Ticket } from './api';

type Setter<T> = (update: (previous: T | undefined) => T) => void;

/** Replace one ticket in a list page (rows that are not loaded stay as they are). */
export function patchPage(setPage: Setter<Page<Ticket>>, id: string, patch: Partial<Ticket>): void {
  setPage((page) =>
    page ? { ...page, items: page.items.map((t) => (t.id === id ? { ...t, ...patch } : t)) } : (page as unknown as Page<Ticket>),
  );
}

/** Replace one ticket on the board, moving it to its new status column (top) with the counts. */
export function patchBoard(setBoard: Setter<{ columns: BoardColumn[] }>, id: string, patch: Partial<Ticket>): void {
  setBoard((board) => {
    if (!board) return board as unknown as { columns: BoardColumn[] };
    const from = board.columns.find((c) => c.items.some((t) => t.id === id));
    const current = from?.items.find((t) => t.id === id);
    if (!from || !current) return board;
    const next = { ...current, ...patch };
    if (next.status === from.status) {
      return { columns: board.columns.map((c) => (c === from ? { ...c, items: c.items.map((t) => (t.id === id ? next : t)) } : c)) };
    }
    return {
      columns: board.columns.map((c) => {
        if (c === from) return { ...c, count: c.count - 1, items: c.items.filter((t) => t.id !== id) };
        if (c.status === next.status) return { ...c, count: c.count + 1, items: [next, ...c.items] };
        return c;
      }),
    };
  });
}

/** Find a ticket in what is loaded (list rows and board cards). */
export function findLoaded(id: string, page: Page<Ticket> | undefined, board: { columns: BoardColumn[] } | undefined): Ticket | undefined {
  return page?.items.find((t) => t.id === id) ?? board?.columns.flatMap((c) => c.items).find((t) => t.id === id);
}
