/**
 * The board's data and its one write: moving a card. The move shows at once, is saved, and
 * if the server refuses it the card goes back where it was with a toast saying so.
 */
import { useCallback } from 'react';
import { errorMessage, toast, useMutation, useQuery } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type ClientFilters } from '../api';
import { appendPage, moveCard, positionOf, replaceCard } from './board-state';

export interface MoveRequest {
  client: Client;
  to: string;
}

export function useBoard(filters: ClientFilters, options: { enabled: boolean }) {
  const query = useQuery((signal) => pipelineApi.board(filters, signal), [JSON.stringify(filters)], { ...options, live: { module: 'pipeline', entity: 'client' } });
  const { setData, data } = query;
  const stageName = useCallback((key: string) => data?.stages.find((s) => s.key === key)?.name ?? key, [data]);

  const move = useMutation((request: MoveRequest) => pipelineApi.move(request.client.id, request.to), {
    optimistic: ({ client, to }) => {
      let origin: { stage: string; index: number } | null = null;
      setData((board) => {
        origin = positionOf(board!, client.id);
        return moveCard(board!, client.id, to);
      });
      return () => setData((board) => (origin ? moveCard(board!, client.id, origin.stage, { card: client, index: origin.index }) : board!));
    },
    onSuccess: (saved) => setData((board) => replaceCard(board!, saved)),
    errorToast: (_error, { client }) => `Could not move ${client.name}: it is back in ${stageName(client.stage)}`,
  });

  const loadMore = useCallback(
    async (stage: string, cursor: string) => {
      try {
        const page = await pipelineApi.list({ ...filters, stage, sort: 'stageEnteredAt', order: 'asc', cursor, limit: 10 });
        setData((board) => appendPage(board!, stage, page.items, page.nextCursor));
      } catch (error) {
        toast.error('Could not load more clients', errorMessage(error));
      }
    },
    [filters, setData],
  );

  /** Another screen part changed a client (the drawer): show it on its card. */
  const applyClient = useCallback(
    (client: Client) =>
      setData((board) => {
        const at = positionOf(board!, client.id);
        if (!at) return board!;
        if (client.status === 'archived') return { ...board!, stages: board!.stages.map((c) => ({ ...c, items: c.items.filter((i) => i.id !== client.id), count: c.key === at.stage ? c.count - 1 : c.count })) };
        return at.stage === client.stage ? replaceCard(board!, client) : moveCard(board!, client.id, client.stage, { card: client });
      }),
    [setData],
  );

  const moveClient = useCallback((client: Client, to: string) => (to === client.stage ? Promise.resolve(undefined) : move.mutate({ client, to })), [move]);

  return { ...query, moveClient, loadMore, applyClient, stageName };
}
