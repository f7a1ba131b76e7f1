/**
 * The dashboard API as this remote uses it (restated, not imported: a remote imports only the
 * remote SDK, and this is the HTTP contract anyway).
 */
import { api } from '@audienceos/remote-sdk';

export type Unit = 'count' | 'hours' | 'days' | 'percent' | 'currency' | 'minutes';
export type Preset = '7d' | '30d' | '90d';

export interface Period {
  period: Preset | 'custom';
  from?: string;
  to?: string;
}

export interface KpiCard {
  module: string;
  id: string;
  label: string;
  unit: Unit | null;
  lowerIsBetter: boolean;
  link: string | null;
  value: number | null;
  previous: number | null;
  /** value − previous; shown instead of a percentage when the previous value is small. */
  change: number | null;
  changePct: number | null;
  /** `average`: null without data (shown as "—"). */
  aggregate: 'sum' | 'average' | 'snapshot' | null;
  better: boolean | null;
  series: { date: string; value: number | null }[];
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  /** The agency's zone the period and the series dates are in. */
  zone: string;
  error?: { message: string; type: string; period: 'current' | 'previous' };
}

export interface LayoutCard {
  module: string;
  id: string;
  hidden?: boolean;
}

export interface Layout {
  cards: LayoutCard[];
  custom: boolean;
  updatedAt: string | null;
}

const periodQuery = (p: Period) => ({ period: p.period, from: p.period === 'custom' ? p.from : undefined, to: p.period === 'custom' ? p.to : undefined });

export const dashboardApi = {
  kpis: (p: Period, signal?: AbortSignal) => api.get<KpiCard[]>('/dashboard/kpis', { query: periodQuery(p), signal }),
  /** One card again (an error card's Retry). */
  kpi: (p: Period, module: string, kpi: string, signal?: AbortSignal) =>
    api.get<KpiCard[]>('/dashboard/kpis', { query: { ...periodQuery(p), module, kpi }, signal }),
  layout: (signal?: AbortSignal) => api.get<Layout>('/dashboard/layout', { signal }),
  saveLayout: (cards: LayoutCard[]) => api.put<Layout>('/dashboard/layout', { cards }),
};
