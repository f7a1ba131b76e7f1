/**
 * Client NPS: the agency's score over time, the latest answers, and a dialog to record one.
 * Filters and the dialog live in the URL (`?category=`, `?record=1`) so that links and the
 * command palette can open them.
 */
import { Plus } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, useCan, usePageHeader, useQuery, type RemoteAppProps } from '@audienceos/remote-sdk';
import { fetchClients, npsApi, type Category, type Interval } from './api';
import { Overview } from './Overview';
import { RecordDialog } from './RecordDialog';
import { Responses } from './Responses';
import { CATEGORY_PARAM, RECORD_PARAM } from './routes';
import { useCreateShortcut } from './use-create-shortcut';
import './nps.css';

const CATEGORIES: readonly string[] = ['promoter', 'passive', 'detractor'];

export default function NpsApp(_props: RemoteAppProps) {
  usePageHeader('Client NPS');
  const canWrite = useCan('nps:write');
  const [params, setParams] = useSearchParams();
  const [interval, setInterval] = useState<Interval>('month');
  const raw = params.get(CATEGORY_PARAM);
  const category = raw && CATEGORIES.includes(raw) ? (raw as Category) : null;
  const recording = canWrite && params.get(RECORD_PARAM) === '1';

  const summary = useQuery((signal) => npsApi.summary(interval, signal), [interval]);
  const page = useQuery((signal) => npsApi.responses({ category, limit: 25 }, signal), [category]);
  // Names for the table; the pipeline may not be running (ids are shown then).
  const clients = useQuery((signal) => fetchClients(signal).catch(() => null), []);
  const clientNames = useMemo(() => new Map((clients.data ?? []).map((c) => [c.id, c.name])), [clients.data]);

  const setParam = useCallback(
    (key: string, value: string | null) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (value === null) next.delete(key);
          else next.set(key, value);
          return next;
        },
        { replace: key === RECORD_PARAM },
      ),
    [setParams],
  );
  const openRecord = useCallback(() => setParam(RECORD_PARAM, '1'), [setParam]);
  useCreateShortcut(canWrite ? openRecord : null);

  const refresh = () => {
    summary.reload();
    page.reload();
  };

  // A palette command may land here without the permission: drop the stale parameter.
  useEffect(() => {
    if (!canWrite && params.has(RECORD_PARAM)) setParam(RECORD_PARAM, null);
  }, [canWrite, params, setParam]);

  return (
    <div className="nps-page">
      <div className="aos-toolbar nps-toolbar">
        <p className="nps-lead">How likely clients are to recommend the agency: % promoters (9–10) minus % detractors (0–6).</p>
        <div className="aos-toolbar__spacer" />
        {canWrite && (
          <Button variant="primary" icon={<Plus />} onClick={openRecord} title="Record response (C)">
            Record response
          </Button>
        )}
      </div>
      <Overview summary={summary} interval={interval} onIntervalChange={setInterval} />
      <Responses
        page={page}
        category={category}
        onCategoryChange={(c) => setParam(CATEGORY_PARAM, c)}
        clientNames={clientNames}
        onRecord={canWrite ? openRecord : null}
        onChanged={summary.reload}
      />
      <RecordDialog open={recording} onOpenChange={(open) => setParam(RECORD_PARAM, open ? '1' : null)} onRecorded={refresh} />
    </div>
  );
}
