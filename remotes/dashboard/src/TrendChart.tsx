/** The larger trend of one card (recharts, loaded only when the panel is on screen). */
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { KpiCard } from './api';
import { formatValue, shortDate } from './model';

export default function TrendChart({ card }: { card: KpiCard }) {
  const data = card.series.map((p) => ({ date: p.date, value: p.value }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="var(--aos-border)" vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDate} tick={{ fill: 'var(--aos-text-subtle)', fontSize: 12 }} stroke="var(--aos-border)" minTickGap={24} />
        <YAxis
          width={56}
          tickFormatter={(v: number) => formatValue(card.unit, v)}
          tick={{ fill: 'var(--aos-text-subtle)', fontSize: 12 }}
          stroke="var(--aos-border)"
          allowDecimals={card.unit !== 'count'}
        />
        <Tooltip
          labelFormatter={(label) => shortDate(String(label))}
          formatter={(value) => [typeof value === 'number' ? formatValue(card.unit, value) : '—', card.label]}
          contentStyle={{ background: 'var(--aos-surface-raised)', border: '1px solid var(--aos-border)', borderRadius: 6, fontSize: 13 }}
        />
        <Area type="monotone" dataKey="value" stroke="var(--aos-accent)" strokeWidth={2} fill="var(--aos-accent)" fillOpacity={0.08} isAnimationActive={false} connectNulls={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
