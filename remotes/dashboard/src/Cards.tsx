/** One KPI card (the SDK's KpiFigure plus a trend toggle), its error variant, and the skeleton grid. */
import { ChartLine, RotateCw, TriangleAlert } from 'lucide-react';
import { useNavigate } from 'react-router';
import { Button, cx, IconButton, KpiFigure, Skeleton } from '@audienceos/remote-sdk';
import type { KpiCard } from './api';
import { cardKey, figureFormat } from './model';

export function KpiCell({ card, selected, onSelect }: { card: KpiCard; selected: boolean; onSelect: () => void }) {
  const navigate = useNavigate();
  return (
    <div className={cx('db-cell', selected && 'db-cell--selected')} data-card={cardKey(card)} data-testid="kpi-card">
      <KpiFigure
        label={card.label}
        value={card.value}
        previous={card.previous}
        lowerIsBetter={card.lowerIsBetter}
        format={figureFormat(card.unit)}
        trend={card.series.map((p) => p.value ?? 0)}
        href={card.link ?? undefined}
        onNavigate={(href) => navigate(href)}
      />
      {card.series.length > 1 && (
        <IconButton size="sm" className="db-cell__trend" aria-label={`Show the trend of ${card.label}`} aria-pressed={selected} onClick={onSelect}>
          <ChartLine />
        </IconButton>
      )}
    </div>
  );
}

export function ErrorCell({ card, retrying, onRetry }: { card: KpiCard; retrying: boolean; onRetry: () => void }) {
  return (
    <div className="db-cell db-cell--error aos-kpi" role="alert" data-card={cardKey(card)} data-testid="kpi-card-error">
      <div className="aos-kpi__label">
        <span>{card.label}</span>
        <TriangleAlert aria-hidden="true" />
      </div>
      <p className="db-cell__message">{card.error?.message ?? 'This figure could not be loaded.'}</p>
      <div>
        <Button size="sm" icon={<RotateCw />} loading={retrying} onClick={onRetry} aria-label={`Retry ${card.label}`}>
          Retry
        </Button>
      </div>
    </div>
  );
}

export function SkeletonGrid({ count = 8 }: { count?: number }) {
  return (
    <div className="db-grid" role="status" aria-label="Loading figures">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="db-cell aos-kpi" aria-hidden="true">
          <Skeleton width="55%" height={14} />
          <Skeleton width={80} height={26} />
          <Skeleton width="40%" height={12} />
        </div>
      ))}
    </div>
  );
}
