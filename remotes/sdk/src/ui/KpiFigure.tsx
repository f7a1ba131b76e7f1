import { ArrowDownRight, ArrowUpRight, Minus } from 'lucide-react';
import { lazy, Suspense, type MouseEvent, type ReactNode } from 'react';
import { Skeleton } from './Skeleton';
import { Tooltip } from './Tooltip';
import { cx } from './cx';
import { formatKpi, kpiChange, type KpiFormat } from './kpi-math';

const Sparkline = lazy(() => import(/* webpackChunkName: "aos-sparkline" */ './Sparkline'));

export interface KpiFigureProps {
  label: string;
  value: number | null;
  /** Same metric for the previous period; enables the ±% change. */
  previous?: number | null;
  /** For metrics like resolution time: a decrease is shown green. */
  lowerIsBetter?: boolean;
  /** `number` (default), `percent` (value 0..100), `currency` (see `currency`), `duration` (seconds). */
  format?: KpiFormat | ((value: number) => string);
  currency?: string;
  /** e.g. "vs last 30 days" */
  periodLabel?: string;
  /** Values over the period, oldest first. */
  trend?: readonly number[];
  /** Link to the filtered list behind the figure. */
  href?: string;
  /** For client-side navigation: called instead of following `href` (plain left click only). */
  onNavigate?: (href: string) => void;
  loading?: boolean;
  icon?: ReactNode;
  className?: string;
}

interface DeltaProps {
  value: number;
  previous: number;
  lowerIsBetter: boolean;
  format: KpiFigureProps['format'];
  currency?: string;
  /** False inside a link card: a focus stop nested in a link confuses keyboard users. */
  focusable: boolean;
}

function Delta({ value, previous, lowerIsBetter, format, currency, focusable }: DeltaProps) {
  const change = kpiChange(value, previous, lowerIsBetter);
  const previousText = `Previous period: ${formatKpi(previous, format, currency)}`;
  const direction = change.trend === 'flat' ? 0 : change.change;
  const Arrow = direction === 0 ? Minus : direction > 0 ? ArrowUpRight : ArrowDownRight;
  const sign = change.change > 0 ? '+' : change.change < 0 ? '−' : '±';
  // A small previous value: the absolute difference in the figure's own unit, not a huge percentage.
  const amount = change.percent === null ? formatKpi(Math.abs(change.change), format, currency) : `${Math.abs(change.percent).toFixed(Math.abs(change.percent) < 10 ? 1 : 0)}%`;
  const text = `${sign}${amount}`;
  const spoken = `${change.trend === 'flat' ? 'unchanged' : `${change.change > 0 ? 'up' : 'down'} ${amount}`}, ${change.trend === 'better' ? 'better' : change.trend === 'worse' ? 'worse' : ''}. ${previousText}`;
  return (
    <Tooltip content={previousText} side="top">
      <span className="aos-kpi__delta" data-trend={change.trend} tabIndex={focusable ? 0 : undefined} aria-label={spoken}>
        <Arrow aria-hidden="true" />
        {text}
      </span>
    </Tooltip>
  );
}

/** KPI card: label, big tabular figure, ±% vs the previous period, optional sparkline and link. */
export function KpiFigure(props: KpiFigureProps) {
  const { label, value, previous, lowerIsBetter = false, format = 'number', currency, periodLabel, trend, href, onNavigate, loading, icon, className } = props;

  const body = (
    <>
      <div className="aos-kpi__label">
        <span>{label}</span>
        {icon}
      </div>
      <div className="aos-kpi__row">
        <div>
          <div className="aos-kpi__value">{loading ? <Skeleton width={80} height={26} /> : value === null ? '—' : formatKpi(value, format, currency)}</div>
          {!loading && value !== null && previous !== undefined && previous !== null && (
            <div className="aos-kpi__change">
              <Delta value={value} previous={previous} lowerIsBetter={lowerIsBetter} format={format} currency={currency} focusable={!href} />
              {periodLabel && <span className="aos-kpi__period">{periodLabel}</span>}
            </div>
          )}
        </div>
        {trend && trend.length > 1 && !loading && (
          <div className="aos-kpi__spark" aria-hidden="true">
            <Suspense fallback={null}>
              <Sparkline values={trend} />
            </Suspense>
          </div>
        )}
      </div>
    </>
  );

  if (href) {
    const onClick = onNavigate
      ? (event: MouseEvent<HTMLAnchorElement>) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          onNavigate(href);
        }
      : undefined;
    return (
      <a className={cx('aos-kpi', className)} href={href} onClick={onClick}>
        {body}
      </a>
    );
  }
  return <div className={cx('aos-kpi', className)}>{body}</div>;
}
