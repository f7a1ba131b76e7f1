/**
 * The client drawer (`?client=<id>`): Overview, Tasks, Notes, History, plus the tabs other
 * remotes contribute to the `client.tabs` slot (e.g. Tickets) while their module is up.
 */
import { useEffect, useState } from 'react';
import { Badge, Drawer, ErrorState, SkeletonText, Tabs, TabsContent, TabsList, TabsTrigger, WidgetOutlet, useQuery, useWidgets } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type Stage } from '../api';
import { formatDays, HEALTH_LABEL, HEALTH_TONE } from '../shared/format';
import { HistoryTab } from './HistoryTab';
import { NotesTab } from './NotesTab';
import { OverviewTab } from './OverviewTab';
import { TasksTab } from './TasksTab';

interface Props {
  clientId: string | null;
  stages: Stage[];
  onClose: () => void;
  /** The client changed here (edit, health, archive): let the board/table show it. */
  onChanged: (client: Client) => void;
}

export function ClientDrawer({ clientId, stages, onClose, onChanged }: Props) {
  const [tab, setTab] = useState('overview');
  const widgets = useWidgets('client.tabs');
  const query = useQuery((signal) => pipelineApi.get(clientId!, signal), [clientId], { enabled: clientId !== null, live: clientId ? { module: 'pipeline', entity: 'client', id: clientId } : null });
  const client = query.data?.id === clientId ? query.data : undefined;

  useEffect(() => setTab('overview'), [clientId]);

  const changed = (next: Client) => {
    query.setData(next);
    onChanged(next);
  };
  const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;

  return (
    <Drawer
      open={clientId !== null}
      onOpenChange={(open) => !open && onClose()}
      title={client?.name ?? 'Client'}
      description={
        client ? (
          <span className="pl-drawer__subtitle">
            <Badge tone={HEALTH_TONE[client.health]} dot>
              {HEALTH_LABEL[client.health]}
            </Badge>
            <span>
              {stageName(client.stage)} · {formatDays(client.daysInStage)} in stage
            </span>
          </span>
        ) : undefined
      }
      width={600}
    >
      {query.error && !client ? (
        <ErrorState compact title="Could not load this client" error={query.error} onRetry={query.reload} />
      ) : !client ? (
        <SkeletonText lines={8} label="Loading client" />
      ) : (
        <Tabs value={tab} onValueChange={setTab}>
          <TabsList aria-label="Client sections">
            <TabsTrigger value="overview">Overview</TabsTrigger>
            <TabsTrigger value="tasks">Tasks</TabsTrigger>
            <TabsTrigger value="notes">Notes</TabsTrigger>
            <TabsTrigger value="history">History</TabsTrigger>
            {widgets.map((w) => (
              <TabsTrigger key={`${w.module}:${w.id}`} value={`widget:${w.module}:${w.id}`}>
                {w.label}
              </TabsTrigger>
            ))}
          </TabsList>
          <TabsContent value="overview">
            <OverviewTab client={client} stages={stages} onChanged={changed} onArchived={(c) => { onChanged(c); onClose(); }} />
          </TabsContent>
          <TabsContent value="tasks">
            <TasksTab client={client} stages={stages} />
          </TabsContent>
          <TabsContent value="notes">
            <NotesTab clientId={client.id} />
          </TabsContent>
          <TabsContent value="history">
            <HistoryTab client={client} stages={stages} />
          </TabsContent>
          {widgets.map((w) => (
            <TabsContent key={`${w.module}:${w.id}`} value={`widget:${w.module}:${w.id}`}>
              <WidgetOutlet widget={w} props={{ clientId: client.id, clientName: client.name }} />
            </TabsContent>
          ))}
        </Tabs>
      )}
    </Drawer>
  );
}
