/**
 * Test run (a dry run of the saved version: nothing is written). Pick a recent real event of the
 * trigger's topic or fill the trigger's fields, optionally a client, and see each condition pass
 * or fail with the value it met, and what each step would do.
 */
import { CircleCheck, CircleX, FlaskConical } from 'lucide-react';
import { useMemo, useState } from 'react';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Input,
  Select,
  SkeletonText,
  errorMessage,
  useMutation,
  useQuery,
} from '@audienceos/remote-sdk';
import { automationsApi, type ClientOption, type TestResult, type Workflow } from '../api';
import { useWhen } from '../format';
import { conditionWords, delayWords, fieldWords, plainValue, triggerFields } from '../words';
import type { Catalogue } from '../api';

export interface TestPanelProps {
  workflow: Workflow;
  catalogue: Catalogue | null;
  clients: ClientOption[];
  /** The draft differs from the saved version (the test runs the saved one). */
  dirty: boolean;
}

type Source = 'sample' | 'form';

export function TestPanel({ workflow, catalogue, clients, dirty }: TestPanelProps) {
  const when = useWhen();
  const isEvent = workflow.trigger.type === 'event';
  const samples = useQuery((s) => automationsApi.samples(workflow.id, s), [workflow.id, workflow.version], { enabled: isEvent });
  const [source, setSource] = useState<Source>('sample');
  const [eventId, setEventId] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [clientId, setClientId] = useState<string>('');
  const fieldNames = useMemo(() => Object.keys(triggerFields(workflow.trigger, catalogue)), [workflow.trigger, catalogue]);
  const items = samples.data ?? [];
  const chosen = eventId ?? items[0]?.eventId ?? null;
  const useSample = isEvent && source === 'sample' && items.length > 0;

  const [result, setResult] = useState<TestResult | undefined>(undefined);
  const test = useMutation(
    () =>
      automationsApi.test(workflow.id, {
        ...(useSample && chosen ? { eventId: chosen } : {}),
        ...(!useSample && isEvent ? { sample: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')) } : {}),
        ...(clientId ? { clientId } : {}),
      }),
    { onSuccess: (r) => setResult(r), onError: () => setResult(undefined) },
  );

  return (
    <section className="auto-test" aria-label="Test run" data-testid="test-panel">
      <header className="auto-section-head">
        <FlaskConical size={16} aria-hidden="true" /> <h3>Test run</h3>
        <span className="auto-muted">Nothing is written: the steps say what they would do.</span>
      </header>
      {dirty && <p className="auto-note">The test runs the saved version (v{workflow.version}). Save to test your changes.</p>}
      {isEvent && (
        <div className="auto-chips" role="radiogroup" aria-label="Test with">
          <button
            type="button"
            role="radio"
            aria-checked={source === 'sample'}
            className={`auto-chip${source === 'sample' ? ' auto-chip--on' : ''}`}
            onClick={() => setSource('sample')}
          >
            A recent event
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={source === 'form'}
            className={`auto-chip${source === 'form' ? ' auto-chip--on' : ''}`}
            onClick={() => setSource('form')}
          >
            Fill the fields
          </button>
        </div>
      )}
      {isEvent && source === 'sample' && (
        <div className="auto-samples">
          {samples.error ? (
            <ErrorState compact title="Could not load recent events" error={samples.error} onRetry={samples.reload} />
          ) : samples.loading ? (
            <SkeletonText lines={3} label="Loading recent events" />
          ) : items.length === 0 ? (
            <EmptyState compact title="No recent event of this kind" description="Fill the fields instead to try it." />
          ) : (
            <ul className="auto-sample-list" role="listbox" aria-label="Recent events">
              {items.map((s) => (
                <li
                  key={s.eventId}
                  role="option"
                  tabIndex={0}
                  aria-selected={s.eventId === chosen}
                  className="auto-sample"
                  data-testid="sample"
                  onClick={() => setEventId(s.eventId)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setEventId(s.eventId);
                    }
                  }}
                >
                  <span className="auto-muted">{when(s.occurredAt)}</span>{' '}
                  {Object.entries(s.data)
                    .filter(([, v]) => v !== null && typeof v !== 'object')
                    .slice(0, 4)
                    .map(([k, v]) => `${fieldWords(`trigger.${k}`)}: ${plainValue(v)}`)
                    .join(' · ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {isEvent && source === 'form' && (
        <div className="auto-test__form">
          {fieldNames.map((name) => (
            <label key={name} className="auto-param">
              <span className="aos-field__label">{fieldWords(`trigger.${name}`)}</span>
              <Input value={fields[name] ?? ''} onChange={(e) => setFields((f) => ({ ...f, [name]: e.target.value }))} />
            </label>
          ))}
        </div>
      )}
      <div className="auto-inline">
        <span className="auto-word auto-word--muted">for client</span>
        <span className="auto-grow">
          <Select
            aria-label="Client for the test"
            placeholder="the event's client (or none)"
            value={clientId || undefined}
            options={[{ value: '-', label: 'The event’s client (or none)' }, ...clients.map((c) => ({ value: c.id, label: c.name }))]}
            onValueChange={(v) => setClientId(v === '-' ? '' : v)}
          />
        </span>
        <Button variant="primary" icon={<FlaskConical />} loading={test.pending} onClick={() => void test.mutate(undefined)}>
          Test
        </Button>
      </div>
      {test.error ? (
        <p className="auto-error" role="alert">
          {errorMessage(test.error)}
        </p>
      ) : null}
      {test.pending ? <SkeletonText lines={3} label="Testing" /> : null}
      {!test.pending && <TestOutcome result={result} />}
    </section>
  );
}

/** The outcome: overall verdict, each condition with the value it met, each step's effect. */
export function TestOutcome({ result }: { result: TestResult | undefined }) {
  if (!result) return null;
  return (
    <div className="auto-test__result" data-testid="test-result">
      <p>
        {result.passed ? (
          <Badge tone="success">Conditions pass: the steps would run</Badge>
        ) : (
          <Badge tone="danger">Conditions fail: nothing would run</Badge>
        )}
      </p>
      {result.conditions.length > 0 && (
        <ul className="auto-checks" aria-label="Conditions">
          {result.conditions.map((c, i) => (
            <li key={i} data-testid="test-condition" data-passed={c.passed}>
              {c.passed ? <CircleCheck className="auto-ok" aria-label="passes" /> : <CircleX className="auto-bad" aria-label="fails" />}{' '}
              {conditionWords(c)} <span className="auto-muted">(was {plainValue(c.actual)})</span>
            </li>
          ))}
        </ul>
      )}
      <ol className="auto-would" aria-label="What the steps would do">
        {result.steps.map((s) => (
          <li key={s.index} data-testid="test-step">
            {/* The server's sentence names the action, its wait and approval, and the rendered fields. */}
            {s.wouldDo || `${s.label} (${delayWords(s.delayMinutes)}${s.requireApproval ? ', after approval' : ''})`}
          </li>
        ))}
      </ol>
    </div>
  );
}
