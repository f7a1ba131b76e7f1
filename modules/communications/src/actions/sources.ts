/** `GET /communications/sources` — the connectors that are up, and whether this agency has connected each. */
import type { ModuleAction } from '@audienceos/module-sdk';
import { runningConnectors } from '../connectors';

export const sourcesAction: ModuleAction = {
  rest: 'GET /sources',
  summary: 'Running connectors (id, label, capabilities) and whether the agency has connected each',
  permissions: ['communications:read'],
  async handler(ctx) {
    const items = await Promise.all(
      runningConnectors(ctx.broker).map(async (c) => {
        const status = (await ctx.call(`${c.service}.status`, {}, { timeout: 3000, retries: 0 }).catch(() => null)) as {
          connected?: boolean;
          account?: string | null;
        } | null;
        return {
          id: c.id,
          label: c.label,
          capabilities: c.capabilities,
          service: c.service,
          connected: status?.connected === true,
          account: status?.account ?? null,
        };
      }),
    );
    return { items };
  },
};
