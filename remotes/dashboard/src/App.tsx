/**
 * Dashboard: a grid of KPI cards from every module that offers KPIs (the API discovers them),
 * a period switcher, a larger trend for one card, and a Customise mode for the user's own
 * layout. All view state is in the URL (see url-state.ts).
 */
import { LayoutDashboard, SlidersHorizontal } from 'lucide-react';
import { lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import { Button, Card, EmptyState, ErrorState, Skeleton, toast, useCan, useLiveChanges, useMutation, usePageHeader, useQuery, useWidgets, WidgetOutlet, type RemoteAppProps } from '@audienceos/remote-sdk';
import { dashboardApi, type KpiCard, type Layout, type LayoutCard } from './api';
import { ErrorCell, KpiCell, SkeletonGrid } from './Cards';
import { CustomisePanel } from './CustomisePanel';
import { arrange, cardKey, PRESETS, rangeLabel } from './model';
import { PeriodSwitcher } from './PeriodSwitcher';
import { periodKey, useDashboardUrl } from './url-state';
import './dashboard.css';

const TrendChart = lazy(() => import(/* webpackChunkName: "dashboard-trend" */ './TrendChart'));

export default function DashboardApp(_props: RemoteAppProps) {
  const { period, card: selectedKey, customise, update } = useDashboardUrl();
  const preset = PRESETS.find((p) => p.value === period.period);
  usePageHeader(preset ? `Last ${preset.label}` : 'Custom period');
  const canArrange = useCan('dashboard:write');
  const key = periodKey(period);

  const kpis = useQuery((signal) => dashboardApi.kpis(period, signal), [key]);
  const layout = useQuery((signal) => dashboardApi.layout(signal), []);
  // Live (issue 13): a change in a module that feeds a card refetches the figures, at most once a
  // second (KPI queries are costly); a stream reset refetches too.
  const liveModules = useMemo(() => [...new Set((kpis.data ?? []).map((c) => c.module))].map((module) => ({ module })), [kpis.data]);
  const liveTimer = useRef<number | null>(null);
  const reloadKpis = kpis.reload;
  const kpisChanged = useCallback(() => {
    if (liveTimer.current !== null) return;
    liveTimer.current = window.setTimeout(() => {
      liveTimer.current = null;
      reloadKpis();
    }, 1000);
  }, [reloadKpis]);
  useLiveChanges(liveModules.length ? liveModules : null, kpisChanged, { onReset: kpisChanged });
  const [retrying, setRetrying] = useState<Set<string>>(new Set());
  // Cards other modules contribute above the figures (notifications: "Needs attention").
  const attention = useWidgets('dashboard.attention');

  const cards = useMemo(() => kpis.data ?? [], [kpis.data]);
  const { entries, visible } = useMemo(() => arrange(cards, layout.data?.cards ?? []), [cards, layout.data]);
  const selected = visible.find((c) => cardKey(c) === selectedKey && !c.error) ?? visible.find((c) => !c.error && c.series.length > 1) ?? null;
  // The comparison is said once, in the toolbar: on every card it would wrap (the delta's tooltip gives the previous value).
  const sample = cards[0];
  const comparedWith = sample ? `Compared with ${rangeLabel(sample.previousPeriod, sample.zone)}` : null;

  const save = useMutation((vars: { entries: LayoutCard[]; description: string; before: Layout | undefined }) => dashboardApi.saveLayout(vars.entries), {
    optimistic: ({ entries: next, before }) => {
      layout.setData({ cards: next, custom: true, updatedAt: before?.updatedAt ?? null });
      return () => layout.setData(before ?? { cards: [], custom: false, updatedAt: null });
    },
    onSuccess: (saved) => layout.setData(saved),
    errorToast: (_e, vars) => `Could not save the layout: “${vars.description}” was undone.`,
  });
  const changeLayout = useCallback(
    (next: LayoutCard[], description: string) => void save.mutate({ entries: next, description, before: layout.data }),
    [save, layout.data],
  );

  const retry = useCallback(
    async (card: KpiCard) => {
      const k = cardKey(card);
      setRetrying((s) => new Set(s).add(k));
      try {
        const [fresh] = await dashboardApi.kpi(period, card.module, card.id);
        if (fresh) kpis.setData((list) => (list ?? []).map((c) => (cardKey(c) === k ? fresh : c)));
        if (fresh?.error) toast.error(`${card.label} is still unavailable`, fresh.error.message);
      } catch (err) {
        toast.error(`Could not reload ${card.label}`, err instanceof Error ? err.message : undefined);
      } finally {
        setRetrying((s) => {
          const n = new Set(s);
          n.delete(k);
          return n;
        });
      }
    },
    [period, kpis],
  );

  const toolbar = (
    <div className="db-toolbar">
      <PeriodSwitcher period={period} onChange={(value) => update({ period: value, from: null, to: null })} />
      <div className="db-toolbar__right">
        <span className="db-toolbar__status" role="status" data-testid="period-status">
          {kpis.fetching && !kpis.loading ? 'Updating…' : comparedWith}
        </span>
        {canArrange && cards.length > 0 && (
          <Button icon={<SlidersHorizontal />} aria-pressed={customise} onClick={() => update({ customise: customise ? null : '1' }, { replace: true })}>
            Customise
          </Button>
        )}
      </div>
    </div>
  );

  let body;
  if (kpis.loading) body = <SkeletonGrid />;
  else if (kpis.error && !kpis.data) body = <ErrorState title="Could not load the dashboard" error={kpis.error} onRetry={kpis.reload} />;
  else if (cards.length === 0)
    body = (
      <EmptyState
        icon={<LayoutDashboard />}
        title="No figures to show yet"
        description="The dashboard gathers the KPIs that modules offer — clients, tickets, and any module you add. None of the modules you can see offers one right now."
      />
    );
  else
    body = (
      <>
        {customise && canArrange && (
          <CustomisePanel
            entries={entries}
            cards={cards}
            saving={save.pending}
            onChange={changeLayout}
            onReset={() => changeLayout([], 'reset to the default layout')}
            onDone={() => update({ customise: null }, { replace: true })}
          />
        )}
        {visible.length === 0 ? (
          <EmptyState
            icon={<LayoutDashboard />}
            title="Every card is hidden"
            description="Choose the figures to show in Customise."
            action={canArrange ? <Button onClick={() => update({ customise: '1' }, { replace: true })}>Customise</Button> : undefined}
          />
        ) : (
          <div className="db-grid" aria-busy={kpis.fetching || undefined} data-period={key}>
            {visible.map((card) =>
              card.error ? (
                <ErrorCell key={cardKey(card)} card={card} retrying={retrying.has(cardKey(card))} onRetry={() => void retry(card)} />
              ) : (
                <KpiCell
                  key={cardKey(card)}
                  card={card}
                  selected={selected !== null && cardKey(selected) === cardKey(card)}
                  onSelect={() => update({ card: cardKey(card) }, { replace: true })}
                />
              ),
            )}
          </div>
        )}
        {selected && (
          <Card className="db-trend" title={`${selected.label} · ${rangeLabel(selected.period, selected.zone)}`}>
            <div className="db-trend__chart" role="img" aria-label={`Trend of ${selected.label} over the period`}>
              <Suspense fallback={<Skeleton width="100%" height="100%" />}>
                <TrendChart card={selected} />
              </Suspense>
            </div>
          </Card>
        )}
      </>
    );

  return (
    <div className="db-page">
      {toolbar}
      {attention.map((w) => (
        <WidgetOutlet key={`${w.module}/${w.id}`} widget={w} />
      ))}
      {body}
    </div>
  );
}
