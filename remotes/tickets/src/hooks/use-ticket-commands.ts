import { useCallback, useMemo } from 'react';
import { errorMessage, toast } from '@audienceos/remote-sdk';
import { ticketsApi, type Priority, type Status, type Ticket } from '../api';
import { PRIORITY_LABEL, STATUS_LABEL } from '../format';

/** Where tickets are shown on the screen (list, board, drawer): updated in place. */
export interface TicketSink {
  /** The server's answer replaces the local copy everywhere. */
  apply: (ticket: Ticket) => void;
  /** Change the local copy now; returns the undo. */
  patch: (id: string, patch: Partial<Ticket>) => () => void;
}

/** Ask the person for resolution notes; resolves to null when they cancel. */
export type AskResolutionNotes = (ticket: Ticket) => Promise<string | null>;

export interface TicketCommands {
  setStatus: (ticket: Ticket, status: Status) => Promise<Ticket | null>;
  assign: (ticket: Ticket, assigneeId: string | null, assigneeName?: string) => Promise<Ticket | null>;
  setPriority: (ticket: Ticket, priority: Priority) => Promise<Ticket | null>;
  resolve: (ticket: Ticket, notes: string) => Promise<Ticket | null>;
  reopen: (ticket: Ticket) => Promise<Ticket | null>;
}

/**
 * Every change made from the list, the board, shortcuts or the drawer: optimistic, and rolled
 * back with a toast that says what went back where when the API refuses it.
 */
export function useTicketCommands(sink: TicketSink, askResolutionNotes: AskResolutionNotes): TicketCommands {
  const run = useCallback(
    async (ticket: Ticket, optimistic: Partial<Ticket>, perform: () => Promise<Ticket>, rolledBack: string): Promise<Ticket | null> => {
      const undo = sink.patch(ticket.id, optimistic);
      try {
        const saved = await perform();
        sink.apply(saved);
        return saved;
      } catch (error) {
        undo();
        toast.error(rolledBack, errorMessage(error));
        return null;
      }
    },
    [sink],
  );

  const resolve = useCallback(
    (ticket: Ticket, notes: string) =>
      run(
        ticket,
        { status: 'resolved' },
        () => ticketsApi.resolve(ticket.id, notes),
        `Could not resolve #${ticket.number}: it is back in ${STATUS_LABEL[ticket.status]}.`,
      ),
    [run],
  );

  const setStatus = useCallback(
    async (ticket: Ticket, status: Status): Promise<Ticket | null> => {
      if (ticket.status === status) return ticket;
      const back = `#${ticket.number} is back in ${STATUS_LABEL[ticket.status]}.`;
      if (status !== 'resolved')
        return run(
          ticket,
          { status },
          () => ticketsApi.setStatus(ticket.id, status),
          `Could not move #${ticket.number} to ${STATUS_LABEL[status]}: ${back}`,
        );
      // Resolving needs notes: show the card in Resolved while asking, put it back on cancel.
      const undo = sink.patch(ticket.id, { status: 'resolved' });
      const notes = await askResolutionNotes(ticket);
      undo();
      if (!notes) {
        toast({ title: `Resolving needs resolution notes: ${back}`, tone: 'neutral' });
        return null;
      }
      return resolve(ticket, notes);
    },
    [run, sink, askResolutionNotes, resolve],
  );

  return useMemo(
    () => ({
      setStatus,
      resolve,
      assign: (ticket, assigneeId, assigneeName) =>
        run(
          ticket,
          { assigneeId },
          () => ticketsApi.update(ticket.id, { assigneeId }),
          `Could not assign #${ticket.number}${assigneeName ? ` to ${assigneeName}` : ''}: the assignee is unchanged.`,
        ),
      setPriority: (ticket, priority) =>
        run(
          ticket,
          { priority },
          () => ticketsApi.update(ticket.id, { priority }),
          `Could not set #${ticket.number} to ${PRIORITY_LABEL[priority]}: priority unchanged.`,
        ),
      reopen: (ticket) =>
        run(
          ticket,
          { status: ticket.assigneeId ? 'in_progress' : 'new' },
          () => ticketsApi.reopen(ticket.id),
          `Could not reopen #${ticket.number}: it stays resolved.`,
        ),
    }),
    [run, setStatus, resolve],
  );
}
