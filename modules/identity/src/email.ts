/**
 * Emails are compared by equality of the normalised address — never as a LIKE/ILIKE pattern
 * (a `%` or `_` in a typed email must not match other people). Normalised: Unicode NFC,
 * trimmed, lower-cased (the whole address: providers treat the local part case-insensitively
 * in practice, and the unique index is on `lower(email)`).
 */
import { raw, type EntityManager } from '@audienceos/module-sdk';
import { UserSchema, type User } from './entities';

export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** The filter `lower(email) = <normalised>` (served by the `lower(email)` indexes). */
export function emailIs(email: string): Record<string, unknown> {
  return { [raw('lower(email)')]: normaliseEmail(email) };
}

/** Users with exactly this address (any agency unless `agencyId`), optionally only active ones. */
export function usersWithEmail(em: EntityManager, email: string, where: { agencyId?: string; active?: boolean } = {}): Promise<User[]> {
  return em.find(UserSchema, { $and: [emailIs(email), where] } as never, { orderBy: { createdAt: 'asc' } });
}
