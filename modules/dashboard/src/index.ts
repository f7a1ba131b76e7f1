/**
 * Dashboard: KPI cards with the previous period and a trend, built from whatever the live
 * registry offers. It knows no other module by name: every service whose manifest declares
 * `kpis` is a provider, asked through the broker with the caller's own signed identity.
 */
import { defineModule } from '@audienceos/module-sdk';
import { entities } from './entities';
import { manifest } from './manifest';
import { migrations } from './migrations';
import { dashboardService } from './services/dashboard.service';

export default defineModule({
  name: 'dashboard',
  version: '0.1.0',
  schema: 'dashboard',
  entities,
  migrations,
  manifest,
  services: [dashboardService],
});

export type { KpiCard, KpiCardError, PeriodRange } from './domain/cards';
export type { LayoutCard } from './entities';
