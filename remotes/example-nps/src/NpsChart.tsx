/**
 * NPS per bucket (line, −100…100, left axis) over the number of answers (bars, right axis):
 * a swing on three answers should look less convincing than one on thirty. Loaded lazily:
 * recharts is most of this remote's weight and the table should not wait for it.
 */
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Interval, SeriesPoint } from './api';
import { bucketLabel, formatNps } from './format';

export interface NpsChartProps {
  series: SeriesPoint[];
  interval: Interval;
}

const axis = { fontSize: 12, fill: 'var(--aos-text-muted)' };

export default function NpsChart({ series, interval }: NpsChartProps) {
  const data = series.map((p) => ({ ...p, label: bucketLabel(p.date, interval) }));
  return (
    <div className="nps-chart" role="img" aria-label={`Net Promoter Score by ${interval}: ${data.map((p) => `${p.label} ${formatNps(p.nps)}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="var(--aos-border)" vertical={false} />
          <XAxis dataKey="label" tick={axis} tickLine={false} axisLine={{ stroke: 'var(--aos-border)' }} />
          <YAxis yAxisId="nps" domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} tick={axis} tickLine={false} axisLine={false} />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={axis} tickLine={false} axisLine={false} />
          <ReferenceLine yAxisId="nps" y={0} stroke="var(--aos-border-strong)" />
          <Tooltip
            contentStyle={{ background: 'var(--aos-surface-raised)', border: '1px solid var(--aos-border)', borderRadius: 6, fontSize: 13 }}
            formatter={(value, name) => (name === 'NPS' ? formatNps(typeof value === 'number' ? value : null) : value)}
          />
          <Bar yAxisId="count" dataKey="responses" name="Responses" fill="var(--aos-accent-subtle)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          <Line yAxisId="nps" dataKey="nps" name="NPS" stroke="var(--aos-accent)" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
