/** Pure board updates (optimistic moves, their rollback, server answers, "show more"). */
import type { Board, Client } from '../api';

function locate(board: Board, clientId: string): { column: number; index: number } | null {
  for (let column = 0; column < board.stages.length; column++) {
    const index = board.stages[column]!.items.findIndex((c) => c.id === clientId);
    if (index !== -1) return { column, index };
  }
  return null;
}

/**
 * Move a card to `toStage` (at `index`, default the end of what is loaded), updating both
 * counts. `card` replaces the moved card's data (the server's answer, or the original on rollback).
 */
export function moveCard(board: Board, clientId: string, toStage: string, options: { card?: Client; index?: number } = {}): Board {
  const at = locate(board, clientId);
  if (!at) return board;
  const moving = options.card ?? { ...board.stages[at.column]!.items[at.index]!, stage: toStage, daysInStage: 0, stageEnteredAt: new Date().toISOString() };
  const stages = board.stages.map((column, i) => {
    let items = column.items;
    let count = column.count;
    if (i === at.column) {
      items = items.filter((c) => c.id !== clientId);
      count -= 1;
    }
    if (column.key === toStage) {
      items = [...items];
      items.splice(options.index ?? items.length, 0, moving);
      count += 1;
    }
    return { ...column, items, count };
  });
  return { ...board, stages };
}

/** Where a card is now (for rollback). */
export function positionOf(board: Board, clientId: string): { stage: string; index: number } | null {
  const at = locate(board, clientId);
  return at ? { stage: board.stages[at.column]!.key, index: at.index } : null;
}

export function replaceCard(board: Board, client: Client): Board {
  return { ...board, stages: board.stages.map((column) => ({ ...column, items: column.items.map((c) => (c.id === client.id ? client : c)) })) };
}

export function appendPage(board: Board, stage: string, items: Client[], nextCursor: string | null): Board {
  return {
    ...board,
    stages: board.stages.map((column) => {
      if (column.key !== stage) return column;
      const known = new Set(column.items.map((c) => c.id));
      return { ...column, items: [...column.items, ...items.filter((c) => !known.has(c.id))], nextCursor };
    }),
  };
}
