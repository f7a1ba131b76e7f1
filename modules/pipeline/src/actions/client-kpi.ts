/** `clients.kpi` (`GET /clients/kpi`): the SDK's KPI contract action for the pipeline's figures (see ../kpis.ts). */
import type { ModuleAction } from '@audienceos/module-sdk';
import { pipelineKpis } from '../kpis';

export const clientKpiActions: Record<string, ModuleAction> = {
  kpi: { ...pipelineKpis.action, rest: 'GET /kpi' },
};
