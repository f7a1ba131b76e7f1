/**
 * One run in a drawer (the list stays): status and reason, the version it ran, trigger and
 * client, and each step's status, attempts, duration, input, output and error. Retry from the
 * start (current version) or from the failed step, cancel a waiting run, keep a run from
 * pruning. Refreshes live, or every 5 s while the run is still going.
 */
import { Ban, Pin, PinOff, RotateCcw, StepForward } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Badge, Button, Drawer, ErrorState, SkeletonText, errorMessage, toast, useDateFormat, useQuery } from '@audienceos/remote-sdk';
import { automationsApi, directoryApi, type RunDetail, type RunStep } from '../api';
import { useWhen } from '../format';
import { LIVE, usePollWhile } from '../live';
import { duration, isActive, statusLabel, statusTone } from '../words';

export interface RunDrawerProps {
  id: string;
  canWrite: boolean;
  onClose: () => void;
  /** After a retry that started another run. */
  onOpenRun: (id: string) => void;
  onChanged: () => void;
}

export function RunDrawer({ id, canWrite, onClose, onOpenRun, onChanged }: RunDrawerProps) {
  const fmt = useDateFormat();
  const when = useWhen();
  const [active, setActive] = useState(false);
  const run = useQuery((s) => automationsApi.run(id, s), [id], { live: LIVE, pollMs: usePollWhile(active) });
  const clients = useQuery((s) => directoryApi.clients(s), []);
  const [busy, setBusy] = useState<string | null>(null);
  const r = run.data;
  useEffect(() => setActive(Boolean(r && isActive(r.status))), [r]);

  const act = async (what: string, perform: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      const result = (await perform()) as { runId?: string } | undefined;
      toast.success(done);
      onChanged();
      if (result?.runId && result.runId !== id) onOpenRun(result.runId);
      else run.reload();
    } catch (err) {
      toast.error(`Could not ${what}`, errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const failedStep = r?.steps.find((s) => s.status === 'failed');
  const clientName = r?.clientId ? (clients.data?.find((c) => c.id === r.clientId)?.name ?? 'a client') : null;

  return (
    <Drawer
      open
      onOpenChange={(open) => !open && onClose()}
      width={620}
      title={r ? `${r.workflowName} · v${r.workflowVersion}` : 'Run'}
      description={r ? `Started ${fmt.dateTime(r.startedAt)}${clientName ? ` for ${clientName}` : ''}` : undefined}
      footer={
        r && canWrite ? (
          <div className="auto-drawer-actions">
            {(r.status === 'failed' || r.status === 'cancelled' || r.status === 'loop_stopped') && (
              <Button
                icon={<RotateCcw />}
                loading={busy === 'retry the run'}
                onClick={() =>
                  void act(
                    'retry the run',
                    () => automationsApi.retry(id, 'start'),
                    'Run started again from the first step (current version)',
                  )
                }
              >
                Retry from start
              </Button>
            )}
            {r.status === 'failed' && failedStep && (
              <Button
                icon={<StepForward />}
                loading={busy === 'retry the failed step'}
                onClick={() =>
                  void act('retry the failed step', () => automationsApi.retry(id, 'failedStep'), `Retrying step ${failedStep.index + 1}`)
                }
              >
                Retry failed step
              </Button>
            )}
            {isActive(r.status) && (
              <Button
                variant="danger"
                icon={<Ban />}
                loading={busy === 'cancel the run'}
                onClick={() =>
                  void act('cancel the run', () => automationsApi.cancel(id), 'Run cancelled: its remaining steps will not run')
                }
              >
                Cancel run
              </Button>
            )}
            {!isActive(r.status) && (
              <Button
                variant="ghost"
                icon={r.kept ? <PinOff /> : <Pin />}
                loading={busy === 'keep the run'}
                onClick={() =>
                  void act(
                    'keep the run',
                    () => automationsApi.keep(id, !r.kept),
                    r.kept ? 'The run will be pruned with the others' : 'Kept: this run is not pruned',
                  )
                }
              >
                {r.kept ? 'Stop keeping' : 'Keep'}
              </Button>
            )}
          </div>
        ) : undefined
      }
    >
      {run.error ? (
        <ErrorState compact title="Could not load the run" error={run.error} onRetry={run.reload} />
      ) : !r ? (
        <SkeletonText lines={6} label="Loading the run" />
      ) : (
        <RunBody run={r} when={when} />
      )}
    </Drawer>
  );
}

function RunBody({ run, when }: { run: RunDetail; when: (iso: string | null) => string }) {
  return (
    <div className="auto-run" data-testid="run-detail" data-status={run.status}>
      <div className="auto-run__summary">
        <Badge tone={statusTone(run.status)}>{statusLabel(run.status)}</Badge>
        {run.reason && <span>{run.reason}</span>}
        <span className="auto-muted">
          {run.trigger.type === 'event' ? `event ${run.trigger.topic ?? ''}` : run.trigger.type} · {duration(run.durationMs)}
          {run.finishedAt ? ` · finished ${when(run.finishedAt)}` : ''}
          {run.kept ? ' · kept' : ''}
        </span>
      </div>
      <ol className="auto-run__steps" aria-label="Steps">
        {run.steps.map((s) => (
          <StepItem key={s.index} step={s} when={when} />
        ))}
      </ol>
    </div>
  );
}

function StepItem({ step, when }: { step: RunStep; when: (iso: string | null) => string }) {
  const [open, setOpen] = useState(step.status === 'failed');
  return (
    <li className="auto-run-step" data-testid="run-step" data-status={step.status}>
      <button type="button" className="auto-run-step__head" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="auto-run-step__n aos-tabular">{step.index + 1}</span>
        <span className="auto-grow">{step.label}</span>
        <Badge tone={statusTone(step.status)}>{statusLabel(step.status)}</Badge>
        <span className="auto-muted aos-tabular">{duration(step.durationMs)}</span>
      </button>
      <div className="auto-muted auto-run-step__meta">
        {step.attempts > 1 ? `${step.attempts} attempts · ` : ''}
        {step.waitUntil && (step.status === 'waiting' || step.status === 'pending') ? `waits until ${when(step.waitUntil)} · ` : ''}
        {step.startedAt ? `started ${when(step.startedAt)}` : 'not started'}
      </div>
      {step.error && (
        <p className="auto-error" role="alert">
          {step.error.message}
          {step.error.code !== undefined && step.error.code !== null && <span className="auto-muted"> ({String(step.error.code)})</span>}
        </p>
      )}
      {open && (
        <div className="auto-run-step__io">
          <Json label="Input" value={step.input} />
          <Json label="Output" value={step.output} />
        </div>
      )}
    </li>
  );
}

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <div className="aos-field__label">{label}</div>
      <pre className="auto-json">{value === undefined || value === null ? '—' : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}
