import { Area, AreaChart, ResponsiveContainer, YAxis } from 'recharts';

export interface SparklineProps {
  values: readonly number[];
  /** Stroke colour; a CSS colour or variable. */
  color?: string;
}

/**
 * Trend line without axes or tooltip. Lives in its own module so recharts is only downloaded
 * when a KPI with a sparkline is on screen (see KpiFigure's lazy import).
 */
export default function Sparkline({ values, color = 'var(--aos-accent)' }: SparklineProps) {
  const data = values.map((value, index) => ({ index, value }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
        <YAxis hide domain={['dataMin', 'dataMax']} />
        <Area type="monotone" dataKey="value" stroke={color} strokeWidth={1.5} fill={color} fillOpacity={0.08} isAnimationActive={false} dot={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}
