/**
 * Who may see which document. Managers and above see every document of their agency;
 * members see documents without a client and those of clients granted to them (identity's
 * `users.clientScope`, through the SDK). A document the caller may not see answers 404,
 * exactly like another agency's.
 */
import { clientScope, errors, type ActionContext, type ClientScope } from '@audienceos/module-sdk';
import { SELECT_DOCUMENT, type DocumentRow } from './dto';

/** SQL condition (alias `d`) for the caller's visible documents, with its parameters. */
export function visibleSql(scope: ClientScope): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: 'true', params: [] };
  return { sql: '(d.client_id is null or d.client_id = any(?::uuid[]))', params: [`{${[...new Set([...scope.read, ...scope.write])].join(',')}}`] };
}

/** A document of the caller's agency that the caller may see, or 404. `lock`: FOR UPDATE. */
export async function visibleDocument(ctx: ActionContext, id: string, lock = false): Promise<DocumentRow> {
  const [row] = await ctx.db.sql<DocumentRow>(`${SELECT_DOCUMENT} where d.agency_id = $agency and d.id = ?${lock ? ' for update of d' : ''}`, [ctx.user.id, id]);
  if (!row) throw errors.notFound('Document', id);
  if (row.client_id && !(await clientScope(ctx)).canRead(row.client_id)) throw errors.notFound('Document', id);
  return row;
}
