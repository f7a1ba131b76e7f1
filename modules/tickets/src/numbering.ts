/**
 * Race-free ticket numbers. `MAX(number) + 1` hands the same number to two concurrent
 * creates; instead one counter row per agency is bumped with an upsert that returns the new
 * value. The row stays locked until the create's transaction ends, so concurrent creates of
 * one agency queue on it (other agencies are not affected), and a create that rolls back
 * rolls its number back too: no gaps, no duplicates.
 */
import type { TenantScope } from '@audienceos/module-sdk';

export async function nextTicketNumber(db: TenantScope): Promise<number> {
  const [row] = await db.sql<{ last_number: number }>(
    `insert into tickets.ticket_counter as c (agency_id, last_number) values ($agency, 1)
       on conflict (agency_id) do update set last_number = c.last_number + 1
       returning last_number`,
  );
  return Number(row!.last_number);
}
