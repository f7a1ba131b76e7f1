import { CheckCircle2, Clock, Link2, RotateCcw } from 'lucide-react';
import {
  Button,
  changedFields,
  ConflictNotice,
  Drawer,
  ErrorState,
  IconButton,
  Select,
  SkeletonText,
  toast,
  useCan,
  useQuery,
  useWidgets,
  WidgetOutlet,
  type QueryResult,
} from '@audienceos/remote-sdk';
import { PRIORITIES, STATUSES, ticketsApi, type Ticket } from '../api';
import { CATEGORY_LABEL, clockText, formatDate, formatDateTime, formatMinutes, PRIORITY_LABEL, STATUS_LABEL } from '../format';
import type { Directory } from '../hooks/use-directory';
import type { TicketCommands } from '../hooks/use-ticket-commands';
import { PriorityBadge, SlaBadge, StatusBadge } from './badges';
import { NoteComposer } from './NoteComposer';
import { Timeline } from './Timeline';

export interface TicketDrawerProps {
  ticketId: string | null;
  ticket: QueryResult<Ticket>;
  directory: Directory;
  commands: TicketCommands;
  onApply: (ticket: Ticket) => void;
  onLogTime: (ticket: Ticket) => void;
  onClose: () => void;
}

const UNASSIGNED = '__unassigned';

/** What a conflict notice lists when someone else changed them (in this order). */
const CONFLICT_FIELDS = { status: 'Status', priority: 'Priority', assigneeId: 'Assignee', title: 'Title', category: 'Category', dueAt: 'Due' } as const;

/** Detail in a drawer (the list stays): fields, SLA, description, timeline and the note composer. */
export function TicketDrawer({ ticketId, ticket, directory, commands, onApply, onLogTime, onClose }: TicketDrawerProps) {
  const canWrite = useCan('tickets:write');
  const panels = useWidgets('ticket.panels');
  const t = ticket.data && ticket.data.id === ticketId ? ticket.data : undefined;
  // The timeline follows the ticket: every saved change answers a new version (and updatedAt).
  const activity = useQuery((signal) => ticketsApi.activity(ticketId!, signal), [ticketId, t?.version, t?.updatedAt, t?.timeSpentMinutes, t?.status], {
    enabled: Boolean(ticketId),
  });
  const conflict = t && commands.conflict?.loaded.id === t.id ? commands.conflict : null;
  const conflictChanges = conflict
    ? changedFields(conflict.loaded, conflict.current, CONFLICT_FIELDS, (field, value) => {
        if (field === 'status') return STATUS_LABEL[value as Ticket['status']];
        if (field === 'priority') return PRIORITY_LABEL[value as Ticket['priority']];
        if (field === 'category') return CATEGORY_LABEL[value as Ticket['category']];
        if (field === 'assigneeId') return value ? directory.personName(value as string) : 'Unassigned';
        if (field === 'dueAt') return value ? formatDate(value as string) : 'No due date';
        return String(value ?? '—');
      })
    : [];

  const copyLink = () => {
    void navigator.clipboard?.writeText(window.location.href).then(() => toast.success('Link copied'));
  };

  return (
    <Drawer
      open={ticketId !== null}
      onOpenChange={(open) => !open && onClose()}
      width={620}
      title={t ? `#${t.number} ${t.title}` : 'Ticket'}
      description={t ? `${directory.clientName(t.clientId)} · ${CATEGORY_LABEL[t.category]}` : undefined}
      actions={
        <IconButton aria-label="Copy link" size="sm" onClick={copyLink}>
          <Link2 />
        </IconButton>
      }
    >
      {ticket.error && !t ? (
        <ErrorState compact title="Could not load the ticket" error={ticket.error} onRetry={ticket.reload} />
      ) : !t ? (
        <SkeletonText lines={8} label="Loading the ticket" />
      ) : (
        <div className="tk-detail">
          <div className="tk-detail__badges">
            <StatusBadge status={t.status} />
            <PriorityBadge priority={t.priority} />
            <SlaBadge ticket={t} />
            {t.overdue && <span className="tk-overdue">Overdue</span>}
          </div>

          {conflict && (
            <ConflictNotice changes={conflictChanges} onReload={commands.reloadConflict} onOverwrite={() => void commands.overwriteConflict()} />
          )}

          {canWrite && (
            <div className="tk-detail__controls">
              <label className="tk-control">
                <span>Status (S)</span>
                <Select
                  aria-label="Status"
                  value={t.status}
                  onValueChange={(v) => void commands.setStatus(t, v as Ticket['status'])}
                  options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
                />
              </label>
              <label className="tk-control">
                <span>Priority (P)</span>
                <Select
                  aria-label="Priority"
                  value={t.priority}
                  onValueChange={(v) => void commands.setPriority(t, v as Ticket['priority'])}
                  options={PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))}
                />
              </label>
              <label className="tk-control">
                <span>Assignee (A)</span>
                <Select
                  aria-label="Assignee"
                  value={t.assigneeId ?? UNASSIGNED}
                  onValueChange={(v) => void commands.assign(t, v === UNASSIGNED ? null : v, directory.personName(v))}
                  options={[{ value: UNASSIGNED, label: 'Unassigned' }, ...directory.people.map((p) => ({ value: p.id, label: p.name }))]}
                />
              </label>
            </div>
          )}

          {canWrite && (
            <div className="tk-detail__actions">
              {t.status === 'resolved' ? (
                <Button icon={<RotateCcw />} onClick={() => void commands.reopen(t)}>
                  Reopen
                </Button>
              ) : (
                <Button variant="primary" icon={<CheckCircle2 />} onClick={() => void commands.setStatus(t, 'resolved')}>
                  Resolve…
                </Button>
              )}
              <Button icon={<Clock />} onClick={() => onLogTime(t)}>
                Log time
              </Button>
            </div>
          )}

          <dl className="tk-facts">
            <dt>First response</dt>
            <dd className="aos-tabular">
              {t.firstResponseAt
                ? `${formatDateTime(t.firstResponseAt)} (${clockText(t.sla.firstResponse)})`
                : `${clockText(t.sla.firstResponse)} · due ${formatDateTime(t.sla.firstResponse.dueAt)}`}
            </dd>
            <dt>Resolution</dt>
            <dd className="aos-tabular" data-testid="resolution-due">
              {t.resolvedAt
                ? `${formatDateTime(t.resolvedAt)} (${clockText(t.sla.resolution)})`
                : `${clockText(t.sla.resolution)} · due ${formatDateTime(t.sla.resolution.dueAt)}`}
              {t.sla.paused && !t.resolvedAt && <span className="tk-paused"> · paused while waiting on the client</span>}
            </dd>
            <dt>Assignee</dt>
            <dd>{t.assigneeId ? directory.personName(t.assigneeId) : 'Unassigned'}</dd>
            <dt>Opened</dt>
            <dd>
              {formatDateTime(t.createdAt)} by {directory.personName(t.createdBy)}
            </dd>
            {t.dueAt && (
              <>
                <dt>Due</dt>
                <dd>{formatDate(t.dueAt)}</dd>
              </>
            )}
            <dt>Time spent</dt>
            <dd className="aos-tabular">{t.timeSpentMinutes ? formatMinutes(t.timeSpentMinutes) : '—'}</dd>
          </dl>

          {t.description && <p className="tk-description">{t.description}</p>}
          {t.resolutionNotes && (
            <div className="tk-resolution">
              <strong>Resolution</strong>
              <p>{t.resolutionNotes}</p>
            </div>
          )}

          {/* panels other remotes contribute (slot `ticket.panels`, props { ticketId, ticketTitle }), e.g. knowledge-base documents */}
          {panels.map((w) => (
            <section key={`${w.module}:${w.id}`} aria-label={w.label}>
              <h4 className="tk-section-title">{w.label}</h4>
              <WidgetOutlet widget={w} props={{ ticketId: t.id, ticketTitle: t.title }} />
            </section>
          ))}

          <h4 className="tk-section-title">Timeline</h4>
          {activity.error && !activity.data ? (
            <ErrorState compact title="Could not load the timeline" error={activity.error} onRetry={activity.reload} />
          ) : (
            <Timeline items={activity.data?.items} loading={activity.loading} directory={directory} />
          )}
          {canWrite && <NoteComposer ticket={t} onAdded={onApply} />}
        </div>
      )}
    </Drawer>
  );
}
