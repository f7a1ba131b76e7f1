/**
 * Automations: the workflow list, the builder (`?edit=<id>` or `?edit=new[&template=<id>]`),
 * run history with stats (`?tab=runs&workflow=&status=&from=&to=`), the approvals inbox and
 * the templates gallery; a run opens in a drawer over any of them (`?run=<id>`). Everything
 * lives in the URL so links, palette commands and reloads land in the same place.
 * Keys: 1–4 switch tabs; the list has J/K, Enter, E, C, /; the builder ⌘Enter and Esc.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import {
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  useCurrentUser,
  usePageHeader,
  useQuery,
  useSingleKeyShortcuts,
  type RemoteAppProps,
} from '@audienceos/remote-sdk';
import { automationsApi } from './api';
import { Approvals } from './Approvals';
import { Builder } from './builder/Builder';
import { LIVE } from './live';
import { RunDrawer } from './runs/RunDrawer';
import { RunHistory } from './runs/RunHistory';
import { Templates } from './Templates';
import { WorkflowList } from './WorkflowList';
import './automations.css';

const TABS = ['workflows', 'runs', 'approvals', 'templates'] as const;
type Tab = (typeof TABS)[number];

/** Owners and admins create, edit and enable automations; managers read (the API enforces it too). */
function useCanWrite(): boolean {
  const role = useCurrentUser()?.role;
  return role === 'owner' || role === 'admin';
}

export default function AutomationsApp(_props: RemoteAppProps) {
  const [params, setParams] = useSearchParams();
  const canWrite = useCanWrite();
  const set = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(() => {
        const next = new URLSearchParams(window.location.search);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      }),
    [setParams],
  );
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'workflows';
  // `?workflow=<id>` outside the run history (a search hit) opens that workflow in the builder.
  const edit = params.get('edit') ?? (params.has('tab') ? null : params.get('workflow'));
  const runId = params.get('run');
  const [refreshKey, setRefreshKey] = useState(0);

  const approvals = useQuery((s) => automationsApi.approvals(s).catch(() => []), [refreshKey], { live: LIVE });
  const waiting = approvals.data?.length ?? 0;

  const openRun = useCallback((id: string) => set({ run: id }), [set]);
  const drawer = runId ? (
    <RunDrawer
      key={runId}
      id={runId}
      canWrite={canWrite}
      onClose={() => set({ run: null })}
      onOpenRun={openRun}
      onChanged={() => setRefreshKey((k) => k + 1)}
    />
  ) : null;

  useSingleKeyShortcuts(
    {
      '1': () => set({ tab: null, workflow: null }),
      '2': () => set({ tab: 'runs' }),
      '3': () => set({ tab: 'approvals', workflow: null }),
      '4': () => set({ tab: 'templates', workflow: null }),
    },
    !edit && !runId,
  );

  if (edit)
    return (
      <>
        <Builder
          key={edit === 'new' ? `new:${params.get('template') ?? ''}` : edit}
          id={edit}
          templateId={params.get('template')}
          canWrite={canWrite}
          onClose={() => set({ edit: null, template: null, workflow: null })}
          onCreated={(id) => set({ edit: id, template: null, workflow: null })}
          onOpenRun={openRun}
          onShowRuns={(id) => set({ edit: null, template: null, tab: 'runs', workflow: id })}
        />
        {drawer}
      </>
    );

  return (
    <AppFrame>
      <Tabs
        value={tab}
        onValueChange={(v) => set({ tab: v === 'workflows' ? null : v, workflow: v === 'runs' ? params.get('workflow') : null })}
        className="auto"
      >
        <TabsList aria-label="Automations sections">
          <TabsTrigger value="workflows">Automations</TabsTrigger>
          <TabsTrigger value="runs">Run history</TabsTrigger>
          <TabsTrigger value="approvals">Approvals{waiting > 0 && <span className="auto-count aos-tabular">{waiting}</span>}</TabsTrigger>
          <TabsTrigger value="templates">Templates</TabsTrigger>
        </TabsList>
        <TabsContent value="workflows" className="auto-panel">
          <WorkflowList
            canWrite={canWrite}
            onOpen={(id) => set({ edit: id })}
            onNew={() => set({ edit: 'new' })}
            onTemplates={() => set({ tab: 'templates' })}
            onOpenRun={openRun}
          />
        </TabsContent>
        <TabsContent value="runs" className="auto-panel">
          <RunHistory
            filters={{
              workflow: params.get('workflow') ?? undefined,
              status: params.get('status') ?? undefined,
              from: params.get('from') ?? undefined,
              to: params.get('to') ?? undefined,
            }}
            onFilters={set}
            onOpenRun={openRun}
            refreshKey={refreshKey}
          />
        </TabsContent>
        <TabsContent value="approvals" className="auto-panel">
          <Approvals canWrite={canWrite} onOpenRun={openRun} onAnswered={() => setRefreshKey((k) => k + 1)} />
        </TabsContent>
        <TabsContent value="templates" className="auto-panel">
          <Templates canWrite={canWrite} onUse={(id) => set({ tab: null, edit: 'new', template: id })} />
        </TabsContent>
      </Tabs>
      {drawer}
    </AppFrame>
  );
}

function AppFrame({ children }: { children: ReactNode }) {
  usePageHeader('Automations');
  return <div className="auto-app">{children}</div>;
}
