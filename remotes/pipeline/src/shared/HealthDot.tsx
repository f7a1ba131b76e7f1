import type { Client } from '../api';
import { HEALTH_LABEL } from './format';

/** The health colour as a dot with an accessible name (the colour never carries meaning alone). */
export function HealthDot({ client }: { client: Pick<Client, 'health' | 'healthSource' | 'healthReason'> }) {
  const label = `${HEALTH_LABEL[client.health]}${client.healthSource === 'manual' ? ` (set by hand: ${client.healthReason ?? 'no reason'})` : ''}`;
  return <span className="pl-health-dot" data-health={client.health} data-manual={client.healthSource === 'manual' || undefined} role="img" aria-label={label} title={label} />;
}
