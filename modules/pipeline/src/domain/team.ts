/**
 * Owners, collaborators and task assignees are identity's users, referenced by id. Ids from
 * the request are checked against the agency's team (through the broker, never identity's
 * tables) so that a client cannot be assigned to someone of another agency.
 */
import { errors, type ActionContext, type FieldError } from '@audienceos/module-sdk';

interface UserPage {
  items: { id: string; active: boolean }[];
  nextCursor: string | null;
}

async function teamIds(ctx: ActionContext): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const page: UserPage = await ctx.call('users.list', { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const user of page.items) if (user.active) ids.add(user.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** 422 naming every field whose user ids are not active members of the caller's team. */
export async function assertTeamMembers(ctx: ActionContext, fields: Record<string, string | string[] | null | undefined>): Promise<void> {
  const wanted = Object.entries(fields).filter(([, v]) => v != null && (!Array.isArray(v) || v.length > 0));
  if (!wanted.length) return;
  const team = await teamIds(ctx);
  const problems: FieldError[] = [];
  for (const [field, value] of wanted) {
    const unknown = (Array.isArray(value) ? value : [value as string]).filter((id) => !team.has(id));
    if (unknown.length) problems.push({ field, message: `Not an active member of your team: ${unknown.join(', ')}`, type: 'teamMember', actual: unknown });
  }
  if (problems.length) throw errors.invalid(problems);
}
