/** Which of some client ids belong to the caller's agency (for other modules' reference checks). */
import type { ActionContext, ModuleAction } from '@audienceos/module-sdk';
import { ClientSchema } from '../entities';

export const clientIdActions: Record<string, ModuleAction> = {
  /**
   * Broker-only (no REST route). Takes `{ ids: uuid[] }` (at most 1000); gives `{ ids }`: the
   * subset that are clients of the caller's agency, archived ones included. Another agency's
   * ids are simply absent. Identity uses it to refuse grants on foreign ids (422).
   */
  existing: {
    mutation: false,
    permissions: ['clients:read'],
    params: { ids: { type: 'array', max: 1000, items: { type: 'uuid' } } },
    async handler(ctx: ActionContext<{ ids: string[] }>) {
      if (ctx.params.ids.length === 0) return { ids: [] };
      const rows = await ctx.db.find(ClientSchema, { id: { $in: [...new Set(ctx.params.ids)] } });
      return { ids: rows.map((r) => r.id) };
    },
  },
};
