/**
 * Pipeline: clients through the agency's stages, as a kanban board or a table, with a drawer
 * for one client and a dialog to add one. All view state is in the URL (see url-state.ts).
 */
import { KanbanSquare, SearchX } from 'lucide-react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Button, EmptyState, ErrorState, useCan, usePageHeader, useQuery, type RemoteAppProps, useDateFormat } from '@audienceos/remote-sdk';
import { pipelineApi, type Client } from './api';
import { Board } from './board/Board';
import { useBoard } from './board/use-board';
import { CreateClientDialog } from './create/CreateClientDialog';
import { ClientDrawer } from './drawer/ClientDrawer';
import { FilterBar } from './filters/FilterBar';
import { TeamProvider } from './shared/team';
import { usePipelineUrl } from './shared/url-state';
import { useScreenKeys } from './shared/use-screen-keys';
import { ClientTable } from './table/ClientTable';
import './pipeline.css';

export default function PipelineApp(_props: RemoteAppProps) {
  return (
    <TeamProvider>
      <PipelineScreen />
    </TeamProvider>
  );
}

function PipelineScreen() {
  const url = usePipelineUrl();
  // Dates show in the agency's zone: render again once it has loaded (shared/format.ts reads it).
  useDateFormat();
  const { view, filters, update } = url;
  // The shell shows the nav label ("Pipeline") as the first crumb: the title names the view.
  usePageHeader(view === 'board' ? 'Board' : 'All clients');
  const canCreate = useCan('clients:create');
  const canMove = useCan('clients:write');
  const searchRef = useRef<HTMLInputElement>(null);
  const [tableVersion, setTableVersion] = useState(0);

  const stages = useQuery((signal) => pipelineApi.stages(signal), []);
  const board = useBoard(filters, { enabled: view === 'board' });
  const tags = useMemo(() => [...new Set((board.data?.stages ?? []).flatMap((s) => s.items.flatMap((c) => c.tags)))].sort(), [board.data]);

  const openClient = useCallback((client: Client) => update({ client: client.id }, { replace: true }), [update]);
  const openCreate = useCallback(() => update({ new: '1' }, { replace: true }), [update]);
  const clearFilters = () => update({ q: null, stage: null, health: null, owner: null, tag: null });
  const hasFilters = Object.keys(filters).length > 0;

  useScreenKeys({
    n: canCreate ? openCreate : null,
    c: canCreate ? openCreate : null,
    '/': () => searchRef.current?.focus(),
  });

  const changed = useCallback(
    (client: Client) => {
      board.applyClient(client);
      setTableVersion((v) => v + 1);
    },
    [board],
  );

  const empty = hasFilters ? (
    <EmptyState icon={<SearchX />} title="No clients match these filters" description="Try fewer filters or another search." action={<Button onClick={clearFilters}>Clear filters</Button>} />
  ) : (
    <EmptyState
      icon={<KanbanSquare />}
      title="No clients yet"
      description="Every client account moves through your stages here, from onboarding to live."
      action={canCreate ? <Button variant="primary" onClick={openCreate}>New client</Button> : undefined}
    />
  );

  if (stages.error && !stages.data) return <ErrorState title="Could not load the pipeline" error={stages.error} onRetry={stages.reload} />;
  const stageList = stages.data ?? [];

  return (
    <div className="pl-page">
      <FilterBar ref={searchRef} view={view} filters={filters} stages={stageList} tags={tags} canCreate={canCreate} onChange={(changes) => update(changes)} onCreate={openCreate} />
      {view === 'board' ? (
        <Board board={board} canMove={canMove} onOpen={openClient} empty={empty} />
      ) : (
        <ClientTable
          filters={filters}
          sort={url.sort}
          onSortChange={(s) => update({ sort: s.key, order: s.direction })}
          stages={stageList}
          selectedId={url.clientId}
          onOpen={openClient}
          empty={empty}
          version={tableVersion}
        />
      )}
      <ClientDrawer clientId={url.clientId} stages={stageList} onClose={() => update({ client: null }, { replace: true })} onChanged={changed} />
      <CreateClientDialog
        open={url.creating && canCreate}
        onOpenChange={(open) => update({ new: open ? '1' : null }, { replace: true })}
        stages={stageList}
        onCreated={(client) => {
          update({ new: null, client: client.id }, { replace: true });
          board.reload();
          setTableVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
