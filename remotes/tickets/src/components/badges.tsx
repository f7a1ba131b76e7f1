import { AlarmClock, ArrowDown, ArrowUp, ChevronsUp, Minus } from 'lucide-react';
import { Badge, Tooltip, type BadgeTone } from '@audienceos/remote-sdk';
import type { Priority, Status, Ticket } from '../api';
import { clockText, formatDateTime, PRIORITY_LABEL, STATUS_LABEL } from '../format';

const STATUS_TONE: Record<Status, BadgeTone> = { new: 'accent', in_progress: 'neutral', waiting_client: 'warning', resolved: 'success' };

export function StatusBadge({ status }: { status: Status }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {STATUS_LABEL[status]}
    </Badge>
  );
}

const PRIORITY_ICON = { critical: ChevronsUp, high: ArrowUp, medium: Minus, low: ArrowDown } as const;

/** Colour only where it means something: critical red, high amber, the rest neutral. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const Icon = PRIORITY_ICON[priority];
  const tone: BadgeTone = priority === 'critical' ? 'danger' : priority === 'high' ? 'warning' : 'neutral';
  return (
    <Badge tone={tone} className="tk-priority">
      <Icon size={12} aria-hidden="true" />
      {PRIORITY_LABEL[priority]}
    </Badge>
  );
}

/**
 * The clock that matters now: the first response until it is given, then the resolution.
 * Red when breached, amber when at risk; the tooltip has both targets.
 */
export function SlaBadge({ ticket, compact = false }: { ticket: Ticket; compact?: boolean }) {
  const { sla } = ticket;
  const clock = ticket.firstResponseAt === null && ticket.status !== 'resolved' ? sla.firstResponse : sla.resolution;
  const label = ticket.firstResponseAt === null && ticket.status !== 'resolved' ? 'Response' : 'Resolution';
  const tone: BadgeTone =
    sla.state === 'breached' ? 'danger' : sla.state === 'at_risk' ? 'warning' : ticket.status === 'resolved' ? 'success' : 'neutral';
  const text =
    ticket.status === 'resolved'
      ? sla.state === 'breached'
        ? 'SLA missed'
        : 'SLA met'
      : `${sla.paused ? 'Paused · ' : ''}${compact ? '' : `${label} `}${clockText(clock)}`;
  const paused = sla.paused ? ' · Clock paused while waiting on the client' : '';
  const details = `First response: ${clockText(sla.firstResponse)} (due ${formatDateTime(sla.firstResponse.dueAt)}) · Resolution: ${clockText(sla.resolution)} (due ${formatDateTime(sla.resolution.dueAt)})${paused}`;
  return (
    <Tooltip content={details}>
      <Badge
        tone={tone}
        className="tk-sla"
        data-sla={sla.state}
        data-paused={sla.paused ? 'true' : undefined}
        aria-label={`SLA ${sla.state.replace('_', ' ')}: ${text}`}
        tabIndex={compact ? undefined : 0}
      >
        <AlarmClock size={12} aria-hidden="true" />
        <span className="aos-tabular">{text}</span>
      </Badge>
    </Tooltip>
  );
}
