import { ArrowRightLeft, CheckCircle2, Clock, Flag, MessageSquare, Pencil, Plus, RotateCcw, UserRound } from 'lucide-react';
import type { ReactNode } from 'react';
import { Avatar, Badge, SkeletonText, withMentions } from '@audienceos/remote-sdk';
import type { Activity, Priority, Status } from '../api';
import { formatDateTime, formatMinutes, PRIORITY_LABEL, STATUS_LABEL } from '../format';
import type { Directory } from '../hooks/use-directory';

const ICON: Record<Activity['kind'], ReactNode> = {
  created: <Plus />,
  status: <ArrowRightLeft />,
  assignee: <UserRound />,
  priority: <Flag />,
  updated: <Pencil />,
  note: <MessageSquare />,
  time: <Clock />,
  resolved: <CheckCircle2 />,
  reopened: <RotateCcw />,
};

const FIELD_LABEL: Record<string, string> = {
  title: 'title',
  description: 'description',
  clientId: 'client',
  category: 'category',
  dueAt: 'due date',
};

function describe(a: Activity, directory: Directory): ReactNode {
  const d = a.data as Record<string, any>;
  switch (a.kind) {
    case 'created':
      return `opened #${d.number ?? ''}`;
    case 'status':
      return (
        <>
          moved it from <b>{STATUS_LABEL[d.from as Status] ?? d.from}</b> to <b>{STATUS_LABEL[d.to as Status] ?? d.to}</b>
        </>
      );
    case 'assignee':
      return d.to ? (
        <>
          assigned it to <b>{directory.personName(d.to)}</b>
        </>
      ) : (
        'unassigned it'
      );
    case 'priority':
      return (
        <>
          changed priority from <b>{PRIORITY_LABEL[d.from as Priority]}</b> to <b>{PRIORITY_LABEL[d.to as Priority]}</b>
        </>
      );
    case 'updated':
      return `edited the ${(d.fields as string[]).map((f) => FIELD_LABEL[f] ?? f).join(', ')}`;
    case 'note':
      return d.visibility === 'client' ? 'replied to the client' : 'added an internal note';
    case 'time':
      return `logged ${formatMinutes(Number(d.minutes))}${d.note ? ` — ${d.note}` : ''}`;
    case 'resolved':
      return 'resolved it';
    case 'reopened':
      return `reopened it${d.reason ? ` — ${d.reason}` : ''}`;
  }
}

/** Notes and changes, oldest first: the story of the ticket. Notes show their text. */
export function Timeline({ items, loading, directory }: { items: Activity[] | undefined; loading: boolean; directory: Directory }) {
  if (loading && !items) return <SkeletonText lines={4} label="Loading the timeline" />;
  if (!items?.length) return <p className="tk-muted">Nothing has happened yet.</p>;
  return (
    <ol className="tk-timeline" aria-label="Timeline">
      {items.map((a) => {
        const d = a.data as Record<string, any>;
        const actor = directory.personName(a.actorId);
        const body = a.kind === 'note' ? (d.body as string) : a.kind === 'resolved' ? (d.resolutionNotes as string) : null;
        return (
          <li key={a.id} className="tk-timeline__item" data-kind={a.kind}>
            <span className="tk-timeline__icon" aria-hidden="true">
              {ICON[a.kind]}
            </span>
            <div className="tk-timeline__content">
              <div className="tk-timeline__line">
                <Avatar name={actor} seed={a.actorId ?? 'system'} size={18} decorative />
                <span>
                  <b>{actor}</b> {describe(a, directory)}
                </span>
                {a.kind === 'note' && d.visibility === 'internal' && <Badge>Internal</Badge>}
                <time className="tk-timeline__time" dateTime={a.createdAt}>
                  {formatDateTime(a.createdAt)}
                </time>
              </div>
              {body && (
                <div className={a.kind === 'note' && d.visibility === 'internal' ? 'tk-note tk-note--internal' : 'tk-note'}>{withMentions(body)}</div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
