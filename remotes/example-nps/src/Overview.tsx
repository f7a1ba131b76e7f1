import { lazy, Suspense } from 'react';
import { Card, EmptyState, ErrorState, KpiFigure, Skeleton, Tabs, TabsList, TabsTrigger, type QueryResult } from '@audienceos/remote-sdk';
import type { Interval, Summary } from './api';
import { formatNps, percent } from './format';

const NpsChart = lazy(() => import(/* webpackChunkName: "nps-chart" */ './NpsChart'));

export interface OverviewProps {
  summary: QueryResult<Summary>;
  interval: Interval;
  onIntervalChange: (interval: Interval) => void;
}

const PERIOD: Record<Interval, string> = { month: 'last 6 months', week: 'last 12 weeks' };

/** The figures and the chart for the period; each with its loading, empty and error state. */
export function Overview({ summary, interval, onIntervalChange }: OverviewProps) {
  const s = summary.data;
  const loading = summary.loading;
  const figures = [
    { label: 'Net Promoter Score', value: s?.nps ?? null, format: (v: number) => formatNps(v), trend: s?.series.filter((p) => p.nps !== null).map((p) => p.nps as number) },
    { label: 'Promoters (9–10)', value: s?.promoters ?? null, format: (v: number) => `${v} · ${percent(v, s?.responses ?? 0)}` },
    { label: 'Passives (7–8)', value: s?.passives ?? null, format: (v: number) => `${v} · ${percent(v, s?.responses ?? 0)}` },
    { label: 'Detractors (0–6)', value: s?.detractors ?? null, format: (v: number) => `${v} · ${percent(v, s?.responses ?? 0)}` },
  ];

  const intervalTabs = (
    <Tabs value={interval} onValueChange={(v) => onIntervalChange(v as Interval)}>
      <TabsList aria-label="Group by">
        <TabsTrigger value="month">Monthly</TabsTrigger>
        <TabsTrigger value="week">Weekly</TabsTrigger>
      </TabsList>
    </Tabs>
  );

  return (
    <>
      {summary.error && !s ? null : (
        <div className="nps-kpis">
          {figures.map((f) => (
            // KpiFigure draws its own card.
            <KpiFigure key={f.label} label={f.label} value={f.value} format={f.format} trend={f.trend} periodLabel={PERIOD[interval]} loading={loading} />
          ))}
        </div>
      )}
      <Card title="NPS over time" actions={intervalTabs}>
        {summary.error && !s ? (
          <ErrorState compact title="Could not load the NPS summary" error={summary.error} onRetry={summary.reload} />
        ) : loading || !s ? (
          <Skeleton height={260} width="100%" />
        ) : s.responses === 0 ? (
          <EmptyState compact title="No answers in this period" description="Record what clients say when you ask them how likely they are to recommend you." />
        ) : (
          <Suspense fallback={<Skeleton height={260} width="100%" />}>
            <NpsChart series={s.series} interval={interval} />
          </Suspense>
        )}
      </Card>
    </>
  );
}
