import { Smile, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge, Button, Card, EmptyState, ErrorState, IconButton, Table, toast, useCan, useMutation, type QueryResult, type TableColumn } from '@audienceos/remote-sdk';
import { npsApi, type Category, type NpsResponse, type Page } from './api';
import { formatDate } from './format';

export interface ResponsesProps {
  page: QueryResult<Page<NpsResponse>>;
  category: Category | null;
  onCategoryChange: (category: Category | null) => void;
  clientNames: ReadonlyMap<string, string>;
  onRecord: (() => void) | null;
  /** After a delete: the figures above change too. */
  onChanged: () => void;
}

const TONE: Record<Category, 'success' | 'warning' | 'danger'> = { promoter: 'success', passive: 'warning', detractor: 'danger' };
const CHIPS: { value: Category | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'promoter', label: 'Promoters' },
  { value: 'passive', label: 'Passives' },
  { value: 'detractor', label: 'Detractors' },
];

/** Latest answers, newest first, with "Load more" over the API's keyset cursor. */
export function Responses({ page, category, onCategoryChange, clientNames, onRecord, onChanged }: ResponsesProps) {
  const canDelete = useCan('nps:delete');
  const [loadingMore, setLoadingMore] = useState(false);

  const remove = useMutation((row: NpsResponse) => npsApi.remove(row.id), {
    optimistic: (row) => {
      const before = page.data;
      page.setData((p) => ({ ...(p as Page<NpsResponse>), items: (p?.items ?? []).filter((r) => r.id !== row.id) }));
      return () => before && page.setData(before);
    },
    onSuccess: onChanged,
    errorToast: () => 'Could not delete the response: it is back in the list.',
  });

  const loadMore = async () => {
    const cursor = page.data?.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await npsApi.responses({ category, cursor });
      page.setData((p) => ({ ...next, items: [...(p?.items ?? []), ...next.items] }));
    } catch (error) {
      toast.error('Could not load more responses', error instanceof Error ? error.message : undefined);
    } finally {
      setLoadingMore(false);
    }
  };

  const columns: TableColumn<NpsResponse>[] = [
    { key: 'createdAt', header: 'Date', width: 130, cell: (r) => <span className="aos-tabular">{formatDate(r.createdAt)}</span> },
    { key: 'client', header: 'Client', width: '24%', cell: (r) => clientNames.get(r.clientId) ?? <span className="nps-muted">{r.clientId.slice(0, 8)}…</span> },
    {
      key: 'score',
      header: 'Score',
      width: 130,
      cell: (r) => (
        <Badge tone={TONE[r.category]} dot>
          <span className="aos-tabular">{r.score}</span> · {r.category}
        </Badge>
      ),
    },
    { key: 'comment', header: 'Comment', cell: (r) => r.comment ?? <span className="nps-muted">—</span> },
  ];
  if (canDelete) {
    columns.push({
      key: 'actions',
      header: <span className="aos-visually-hidden">Actions</span>,
      width: 48,
      align: 'right',
      cell: (r) => (
        <IconButton aria-label="Delete response" size="sm" onClick={() => void remove.mutate(r)}>
          <Trash2 />
        </IconButton>
      ),
    });
  }

  const chips = (
    <div className="nps-chips" role="group" aria-label="Filter by category">
      {CHIPS.map((chip) => (
        <Button key={chip.label} size="sm" variant={category === chip.value ? 'primary' : 'ghost'} aria-pressed={category === chip.value} onClick={() => onCategoryChange(chip.value)}>
          {chip.label}
        </Button>
      ))}
    </div>
  );

  return (
    <Card title="Latest responses" actions={chips} padded={false}>
      {page.error && !page.data ? (
        <ErrorState compact title="Could not load the responses" error={page.error} onRetry={page.reload} />
      ) : (
        <>
          <Table
            aria-label="NPS responses"
            columns={columns}
            rows={page.data?.items ?? []}
            rowKey={(r) => r.id}
            loading={page.loading}
            empty={
              <EmptyState
                compact
                icon={<Smile />}
                title={category ? `No ${category}s yet` : 'No responses yet'}
                description="Ask a client how likely they are to recommend the agency, from 0 to 10, and record the answer here."
                action={onRecord && <Button variant="primary" onClick={onRecord}>Record response</Button>}
              />
            }
          />
          {page.data?.nextCursor && (
            <div className="nps-more">
              <Button onClick={() => void loadMore()} loading={loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
