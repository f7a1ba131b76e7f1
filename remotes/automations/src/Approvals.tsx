/**
 * Approvals inbox: steps waiting for someone's yes. Each shows the workflow, what the step
 * would do with its rendered fields, when it was asked and for which client; approve or reject
 * with an optional comment (owners and admins; managers see the list). The answered item leaves
 * the list at once and comes back with a toast if the server refuses.
 */
import { Check, CircleCheck, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button, EmptyState, ErrorState, SkeletonText, Textarea, errorMessage, toast, useQuery } from '@audienceos/remote-sdk';
import { automationsApi, directoryApi, type Approval } from './api';
import { useWhen } from './format';
import { LIVE, usePollWhile } from './live';
import { paramLabel, plainValue } from './words';

export function Approvals({
  canWrite,
  onOpenRun,
  onAnswered,
}: {
  canWrite: boolean;
  onOpenRun: (id: string) => void;
  onAnswered?: () => void;
}) {
  const [waiting, setWaiting] = useState(false);
  const list = useQuery((s) => automationsApi.approvals(s), [], { live: LIVE, pollMs: usePollWhile(waiting) });
  const clients = useQuery((s) => directoryApi.clients(s), []);
  const when = useWhen();
  const items = list.data ?? [];
  useEffect(() => setWaiting(items.length > 0), [items.length]);

  if (list.error) return <ErrorState title="Could not load the approvals" error={list.error} onRetry={list.reload} />;
  if (list.loading) return <SkeletonText lines={4} label="Loading approvals" />;
  if (items.length === 0)
    return (
      <EmptyState
        icon={<CircleCheck />}
        title="Nothing waits for approval"
        description="Steps marked “Ask for approval first” wait here until someone approves or rejects them."
      />
    );

  const answered = (a: Approval) => list.setData((xs) => (xs ?? []).filter((x) => !(x.runId === a.runId && x.stepIndex === a.stepIndex)));
  const restore = (a: Approval) => list.setData((xs) => [...(xs ?? []), a].sort((x, y) => x.requestedAt.localeCompare(y.requestedAt)));

  return (
    <ul className="auto-approvals" aria-label="Approvals">
      {items.map((a) => (
        <ApprovalCard
          key={`${a.runId}:${a.stepIndex}`}
          approval={a}
          client={a.clientId ? (clients.data?.find((c) => c.id === a.clientId)?.name ?? null) : null}
          requested={when(a.requestedAt)}
          canWrite={canWrite}
          onOpenRun={onOpenRun}
          onAnswer={async (approve, comment) => {
            answered(a);
            try {
              await (approve
                ? automationsApi.approve(a.runId, a.stepIndex, comment)
                : automationsApi.reject(a.runId, a.stepIndex, comment));
              toast.success(approve ? `Approved: “${a.label}” runs now` : `Rejected: “${a.label}” will not run`);
              onAnswered?.();
            } catch (err) {
              restore(a);
              toast.error(`Could not ${approve ? 'approve' : 'reject'} “${a.label}”: it is still waiting.`, errorMessage(err));
            }
          }}
        />
      ))}
    </ul>
  );
}

function ApprovalCard({
  approval: a,
  client,
  requested,
  canWrite,
  onOpenRun,
  onAnswer,
}: {
  approval: Approval;
  client: string | null;
  requested: string;
  canWrite: boolean;
  onOpenRun: (id: string) => void;
  onAnswer: (approve: boolean, comment?: string) => Promise<void>;
}) {
  const [comment, setComment] = useState('');
  return (
    <li className="auto-approval" data-testid="approval">
      <div className="auto-approval__head">
        <strong>{a.label}</strong>
        <span className="auto-muted">
          {' '}
          · {a.workflowName}
          {client ? ` · ${client}` : ''} · asked {requested}
        </span>
        <span className="auto-toolbar__spacer" />
        <Button size="sm" variant="ghost" onClick={() => onOpenRun(a.runId)}>
          Open run
        </Button>
      </div>
      <dl className="auto-params">
        {Object.entries(a.params).map(([k, v]) => (
          <div key={k}>
            <dt>{paramLabel(k)}</dt>
            <dd>{plainValue(v)}</dd>
          </div>
        ))}
      </dl>
      {canWrite && (
        <div className="auto-approval__answer">
          <Textarea
            aria-label={`Comment on “${a.label}”`}
            rows={1}
            placeholder="Comment (optional)"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <Button variant="danger" icon={<X />} onClick={() => void onAnswer(false, comment.trim() || undefined)}>
            Reject
          </Button>
          <Button variant="primary" icon={<Check />} onClick={() => void onAnswer(true, comment.trim() || undefined)}>
            Approve
          </Button>
        </div>
      )}
    </li>
  );
}
