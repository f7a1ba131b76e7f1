/** `tickets.kpi` for the dashboard (broker only, no REST route): the SDK's KPI contract action (see ../kpis.ts). */
import type { ModuleAction } from '@audienceos/module-sdk';
import { ticketKpis } from '../kpis';

export const kpiAction: ModuleAction = ticketKpis.action;
