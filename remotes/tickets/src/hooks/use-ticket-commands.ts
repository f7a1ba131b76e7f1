import { useCallback, useMemo, useState } from 'react';
import { conflictOf, errorMessage, toast } from '@audienceos/remote-sdk';
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

/** A change refused because someone saved the ticket in between (412): theirs and the way to send mine again. */
export interface TicketConflict {
  /** The ticket as this screen had it when the change was made. */
  loaded: Ticket;
  /** The ticket as saved now. */
  current: Ticket;
  /** Send my change again against their version. */
  resend: (version: number) => Promise<Ticket>;
}

export interface TicketCommands {
  setStatus: (ticket: Ticket, status: Status) => Promise<Ticket | null>;
  assign: (ticket: Ticket, assigneeId: string | null, assigneeName?: string) => Promise<Ticket | null>;
  setPriority: (ticket: Ticket, priority: Priority) => Promise<Ticket | null>;
  resolve: (ticket: Ticket, notes: string) => Promise<Ticket | null>;
  reopen: (ticket: Ticket) => Promise<Ticket | null>;
  /** The last change refused by a newer version, until reloaded or overwritten. */
  conflict: TicketConflict | null;
  /** Take their version. */
  reloadConflict: () => void;
  /** Save mine over theirs (against the version the 412 reported). */
  overwriteConflict: () => Promise<void>;
}

/**
 * Every change made from the list, the board, shortcuts or the drawer: optimistic, sent with
 * the version the screen loaded (If-Match), and rolled back with a toast that says what went
 * back where when the API refuses it. A refusal because someone else saved first (412) keeps
 * the conflict so the drawer can offer Reload / Overwrite.
 */
export function useTicketCommands(sink: TicketSink, askResolutionNotes: AskResolutionNotes): TicketCommands {
  const [conflict, setConflict] = useState<TicketConflict | null>(null);

  const run = useCallback(
    async (ticket: Ticket, optimistic: Partial<Ticket>, perform: (version?: number) => Promise<Ticket>, rolledBack: string): Promise<Ticket | null> => {
      const undo = sink.patch(ticket.id, optimistic);
      try {
        const saved = await perform(ticket.version);
        sink.apply(saved);
        return saved;
      } catch (error) {
        undo();
        const newer = conflictOf<Ticket>(error);
        if (newer) {
          setConflict({ loaded: ticket, current: newer.current, resend: perform });
          toast.error(`#${ticket.number} was changed by someone else`, 'Your change was not saved: reload to see theirs, or overwrite it.');
          return null;
        }
        toast.error(rolledBack, errorMessage(error));
        return null;
      }
    },
    [sink],
  );

  const reloadConflict = useCallback(() => {
    if (conflict) sink.apply(conflict.current);
    setConflict(null);
  }, [conflict, sink]);

  const overwriteConflict = useCallback(async () => {
    if (!conflict) return;
    try {
      sink.apply(await conflict.resend(conflict.current.version));
      setConflict(null);
    } catch (error) {
      const newer = conflictOf<Ticket>(error);
      if (newer) setConflict({ ...conflict, current: newer.current });
      else toast.error(`Could not save #${conflict.loaded.number}`, errorMessage(error));
    }
  }, [conflict, sink]);

  const resolve = useCallback(
    (ticket: Ticket, notes: string) =>
      run(
        ticket,
        { status: 'resolved' },
        (version) => ticketsApi.resolve(ticket.id, notes, version),
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
          (version) => ticketsApi.setStatus(ticket.id, status, undefined, version),
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
          (version) => ticketsApi.update(ticket.id, { assigneeId }, version),
          `Could not assign #${ticket.number}${assigneeName ? ` to ${assigneeName}` : ''}: the assignee is unchanged.`,
        ),
      setPriority: (ticket, priority) =>
        run(
          ticket,
          { priority },
          (version) => ticketsApi.update(ticket.id, { priority }, version),
          `Could not set #${ticket.number} to ${PRIORITY_LABEL[priority]}: priority unchanged.`,
        ),
      reopen: (ticket) =>
        run(
          ticket,
          { status: ticket.assigneeId ? 'in_progress' : 'new' },
          (version) => ticketsApi.reopen(ticket.id, undefined, version),
          `Could not reopen #${ticket.number}: it stays resolved.`,
        ),
      conflict,
      reloadConflict,
      overwriteConflict,
    }),
    [run, setStatus, resolve, conflict, reloadConflict, overwriteConflict],
  );
}
