/**
 * The inbox: three panes (conversations, thread, client context), filters as chips in the URL,
 * and keyboard triage — J/K move, Enter open, R reply, ⌘Enter send, E done, S snooze,
 * A assign, I assign to me, U mark unread, L label, / search, ? the list of keys. Done, snooze
 * and assign are optimistic and roll back on failure. New messages arrive by polling every
 * 5 s (the platform's live channel does not exist yet).
 */
import { Inbox } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  api,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  Input,
  SkeletonText,
  cx,
  toast,
  errorMessage,
  useCan,
  useCurrentUser,
  usePageHeader,
  useQuery,
  useSingleKeyShortcuts,
  QuickPickDialog,
  type QuickPickOption,
  type RemoteAppProps,
} from '@audienceos/remote-sdk';
import { directoryApi, inboxApi, type Conversation, type Filters, type Message, type SnoozePreset } from './api';
import { ContextPane } from './components/ContextPane';
import { ConversationList } from './components/ConversationList';
import { Thread } from './components/Thread';
import { snoozePresets } from './format';
import './inbox.css';

const FILTER_KEYS = ['needsReply', 'unread', 'assignee', 'status', 'source', 'client', 'label', 'q'] as const;
/** Live (issue 13) instead of polling: every conversation write is announced by the module. */
const LIVE_INBOX = { module: 'communications', entity: 'conversation' } as const;
const CHIPS: { label: string; set: Record<string, string | null> }[] = [
  { label: 'Needs reply', set: { needsReply: 'true' } },
  { label: 'Unread', set: { unread: 'true' } },
  { label: 'Mine', set: { assignee: 'me' } },
  { label: 'Unassigned', set: { assignee: 'unassigned' } },
  { label: 'Slack', set: { source: 'slack' } },
  { label: 'Gmail', set: { source: 'gmail' } },
  { label: 'Unlinked', set: { client: 'unlinked' } },
  { label: 'Done', set: { status: 'done' } },
  { label: 'Snoozed', set: { status: 'snoozed' } },
];
const KEYS: [string, string][] = [
  ['J / K', 'Next / previous conversation'],
  ['Enter', 'Open the conversation'],
  ['R', 'Reply'],
  ['⌘ Enter', 'Send'],
  ['E', 'Done'],
  ['S', 'Snooze (later today, tomorrow, next week, pick a time)'],
  ['A', 'Assign'],
  ['I', 'Assign to me'],
  ['U', 'Mark unread'],
  ['L', 'Label'],
  ['/', 'Search'],
  ['?', 'This list'],
];

type Picker = 'assign' | 'label' | 'snooze' | null;

export default function InboxApp(_props: RemoteAppProps) {
  usePageHeader('Inbox');
  const canWrite = useCan('communications:write');
  const canConnect = useCan('connectors:manage');
  /** OAuth: the connector hands a consent URL with a signed state; the provider redirects back to its callback. */
  const connectSource = async (id: string) => {
    try {
      window.location.assign((await api.get<{ url: string }>(`/connectors/${id}/connect`)).url);
    } catch (err) {
      toast.error(`Could not start connecting ${id}`, errorMessage(err));
    }
  };
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters: Filters = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)),
    [params],
  );
  const openId = params.get('c');
  const filterKey = JSON.stringify(filters);
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

  const people = useQuery((s) => directoryApi.people(s).catch(() => []), []);
  const clients = useQuery((s) => directoryApi.clients(s).catch(() => []), []);
  const personName = useCallback(
    (id: string | null) => (id ? (people.data?.find((p) => p.id === id)?.name ?? `${id.slice(0, 8)}…`) : 'Automation'),
    [people.data],
  );
  const clientName = useCallback((id: string) => clients.data?.find((c) => c.id === id)?.name ?? `${id.slice(0, 8)}…`, [clients.data]);

  const list = useQuery((s) => inboxApi.list(filters, null, s), [filterKey], { live: LIVE_INBOX });
  const sources = useQuery((s) => inboxApi.sources(s).catch(() => ({ items: [] })), []);
  const detail = useQuery((s) => inboxApi.get(openId!, s), [openId], { enabled: Boolean(openId), live: openId ? { ...LIVE_INBOX, id: openId } : null });
  const thread = useQuery((s) => inboxApi.messages(openId!, s), [openId], { enabled: Boolean(openId), live: openId ? { ...LIVE_INBOX, id: openId } : null });
  const items = list.data?.items ?? [];

  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focused = items.find((c) => c.id === focusedId) ?? items.find((c) => c.id === openId) ?? items[0];
  const openConversation = openId ? (detail.data?.id === openId ? detail.data : items.find((c) => c.id === openId)) : undefined;
  // Triage keys act on the open conversation (it may have left a filtered list, e.g. after a reply), else on the focused row.
  const target: Conversation | undefined = openConversation ?? focused;
  const [picker, setPicker] = useState<Picker>(null);
  const [pickingTime, setPickingTime] = useState(false);
  const [showKeys, setShowKeys] = useState(false);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // Opening marks read (the pointer moves to the newest message).
  useEffect(() => {
    if (!openId) return;
    void inboxApi
      .read(openId)
      .then((c) => list.setData((p) => (p ? { ...p, items: p.items.map((x) => (x.id === c.id ? { ...x, unread: false } : x)) } : p!)))
      .catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openId]);

  /** Optimistic change: patch the row now, apply the server's answer, roll back on failure. */
  const change = useCallback(
    async (c: Conversation, patch: Partial<Conversation>, call: () => Promise<Conversation>, what: string) => {
      const before = Object.fromEntries(Object.keys(patch).map((k) => [k, c[k as keyof Conversation]])) as Partial<Conversation>;
      const write = (p: Partial<Conversation>) => {
        list.setData((page) => (page ? { ...page, items: page.items.map((x) => (x.id === c.id ? { ...x, ...p } : x)) } : page!));
        detail.setData((d) => (d && d.id === c.id ? { ...d, ...p } : d!));
      };
      write(patch);
      try {
        write(await call());
      } catch (err) {
        write(before);
        toast.error(`Could not ${what}`, errorMessage(err));
      }
    },
    [list, detail],
  );

  const open = (c: Conversation | undefined) => {
    if (!c) return;
    setFocusedId(c.id);
    set({ c: c.id });
  };
  const move = (delta: number) => {
    if (!items.length) return;
    const index = Math.max(
      0,
      items.findIndex((c) => c.id === focused?.id),
    );
    const next = items[Math.min(items.length - 1, Math.max(0, index + delta))];
    if (next) {
      setFocusedId(next.id);
      document.getElementById(`ib-c-${next.id}`)?.scrollIntoView({ block: 'nearest' });
    }
  };
  const done = (c = target) => c && canWrite && change(c, { status: 'done', needsReply: false }, () => inboxApi.done(c.id), 'mark it done');
  // `preset:<name>` (the server computes it in the agency's zone) or an `until` for the server.
  const snooze = (value: string, c = target) => {
    const preset = value.startsWith('preset:') ? (value.slice('preset:'.length) as SnoozePreset) : null;
    // The time is the server's answer (its zone rules); until then none is shown.
    return c && change(c, { status: 'snoozed', snoozedUntil: null, needsReply: false }, () => inboxApi.snooze(c.id, preset ? { preset } : { until: value }), 'snooze it');
  };
  const assign = (assigneeId: string | null, c = target) =>
    c && change(c, { assigneeId }, () => inboxApi.assign(c.id, assigneeId), 'assign it');

  useSingleKeyShortcuts(
    {
      j: () => move(1),
      k: () => move(-1),
      Enter: () => open(focused),
      r: () => {
        if (!openId && focused) open(focused);
        setTimeout(() => composerRef.current?.focus(), 0);
      },
      e: () => void done(),
      s: () => canWrite && target && setPicker('snooze'),
      a: () => canWrite && target && setPicker('assign'),
      i: () => canWrite && me && void assign(me.id),
      u: () =>
        target &&
        void inboxApi
          .unread(target.id)
          .then((c) => list.setData((p) => (p ? { ...p, items: p.items.map((x) => (x.id === c.id ? { ...x, unread: true } : x)) } : p!))),
      l: () => canWrite && target && setPicker('label'),
      '/': () => searchRef.current?.focus(),
      '?': () => setShowKeys(true),
    },
    !picker && !showKeys && !pickingTime,
  );

  const onSend = async (text: string, mode: 'reply' | 'note') => {
    if (!openId) return false;
    try {
      const m = mode === 'reply' ? await inboxApi.reply(openId, text) : await inboxApi.note(openId, text);
      thread.setData((p) => (p ? { ...p, items: [...p.items, m] } : { items: [m], nextCursor: null }));
      if (mode === 'reply')
        list.setData((p) => (p ? { ...p, items: p.items.map((x) => (x.id === openId ? { ...x, needsReply: false } : x)) } : p!));
      return true;
    } catch (err) {
      toast.error(mode === 'reply' ? 'Reply not sent' : 'Note not added', errorMessage(err));
      return false;
    }
  };
  const messageAction = (call: () => Promise<unknown>, what: string) =>
    call()
      .then(() => thread.reload())
      .catch((err) => toast.error(`Could not ${what}`, errorMessage(err)));

  const pickOptions: QuickPickOption[] =
    picker === 'assign'
      ? [{ value: '', label: 'Unassigned' }, ...(people.data ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))]
      : picker === 'snooze'
        ? snoozePresets()
        : picker === 'label'
          ? [...new Set(['urgent', 'billing', 'tracking', 'reporting', 'consent', 'meta-capi', ...items.flatMap((c) => c.labels)])].map(
              (l) => ({
                value: l,
                label: target?.labels.includes(l) ? `${l} (remove)` : l,
              }),
            )
          : [];
  const onPick = (value: string) => {
    if (!target) return;
    if (picker === 'assign') void assign(value || null);
    else if (picker === 'snooze') {
      if (value === 'pick') setPickingTime(true);
      else void snooze(value);
    } else if (picker === 'label') {
      const has = target.labels.includes(value);
      const labels = has ? target.labels.filter((l) => l !== value) : [...target.labels, value].sort();
      void change(target, { labels }, () => inboxApi.labels(target.id, has ? [] : [value], has ? [value] : []), 'label it');
    }
  };

  const noSources = sources.data && sources.data.items.every((s) => !s.connected);
  return (
    <div className="ib-app">
      <div className="ib-pane ib-pane--list">
        <div className="ib-filters">
          <Input
            ref={searchRef}
            type="search"
            aria-label="Search messages"
            placeholder="Search (/)"
            defaultValue={filters.q ?? ''}
            onKeyDown={(e) => e.key === 'Enter' && set({ q: (e.target as HTMLInputElement).value })}
            onBlur={(e) => set({ q: e.target.value })}
          />
          <div className="ib-chips" role="group" aria-label="Filters">
            {CHIPS.map((chip) => {
              const active = Object.entries(chip.set).every(([k, v]) => params.get(k) === v);
              return (
                <button
                  key={chip.label}
                  type="button"
                  aria-pressed={active}
                  className={cx('ib-filter', active && 'ib-filter--on')}
                  onClick={() => set(Object.fromEntries(Object.entries(chip.set).map(([k, v]) => [k, active ? null : v])))}
                >
                  {chip.label}
                </button>
              );
            })}
          </div>
        </div>
        {list.loading && <SkeletonText lines={8} label="Loading conversations" />}
        {!!list.error && !list.data && <ErrorState title="Could not load the inbox" error={list.error} onRetry={list.reload} />}
        {list.data && items.length === 0 && (
          <EmptyState
            icon={<Inbox />}
            title={Object.keys(filters).length ? 'Nothing matches these filters' : 'No messages yet'}
            description={
              noSources || !Object.keys(filters).length
                ? 'Connect Slack or Gmail to bring your clients’ messages here.'
                : 'Clear a filter to see more.'
            }
            action={
              Object.keys(filters).length ? (
                <Button onClick={() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}>Clear filters</Button>
              ) : canConnect ? (
                <span className="ib-connect">
                  {(sources.data?.items ?? [])
                    .filter((s) => !s.connected)
                    .map((s) => (
                      <Button key={s.id} variant="primary" onClick={() => void connectSource(s.id)}>
                        Connect {s.label}
                      </Button>
                    ))}
                </span>
              ) : undefined
            }
          />
        )}
        <ConversationList
          items={items}
          focusedId={focused?.id ?? null}
          openId={openId}
          clientName={clientName}
          personName={personName}
          onOpen={open}
        />
      </div>
      <div className="ib-pane ib-pane--thread">
        <Thread
          ref={composerRef}
          conversation={openConversation}
          messages={thread.data?.items}
          loading={thread.loading && Boolean(openId)}
          error={thread.error}
          onRetryLoad={thread.reload}
          personName={personName}
          onSend={onSend}
          onRetry={(m: Message) => messageAction(() => inboxApi.retry(m.id), 'retry')}
          onSendDraft={(m: Message) => messageAction(() => inboxApi.sendDraft(m.id), 'send the draft')}
          onTicket={(m: Message) =>
            inboxApi
              .ticket(m.id)
              .then((t) => {
                toast.success(`Ticket #${t.number} created`);
                thread.reload();
              })
              .catch((err) => toast.error('Could not create the ticket', errorMessage(err)))
          }
          canWrite={canWrite}
        />
      </div>
      <div className="ib-pane ib-pane--context">
        <ContextPane
          clientId={target?.clientId ?? null}
          personName={personName}
          clients={clients.data ?? []}
          onLink={
            canWrite && target
              ? (clientId, remember) => void change(target, { clientId }, () => inboxApi.link(target.id, clientId, remember), 'link it')
              : null
          }
        />
      </div>
      <QuickPickDialog
        open={picker !== null}
        title={picker === 'assign' ? 'Assign to' : picker === 'snooze' ? 'Snooze until' : 'Label'}
        options={pickOptions}
        current={picker === 'assign' ? (target?.assigneeId ?? '') : null}
        onPick={onPick}
        onClose={() => setPicker(null)}
      />
      <Dialog open={pickingTime} onOpenChange={setPickingTime} title="Snooze until">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const value = new FormData(e.currentTarget).get('until') as string;
            // The picker's wall time, read by the server in the agency's zone (not the browser's).
            if (value) void snooze(value.slice(0, 16));
            setPickingTime(false);
          }}
        >
          <Input autoFocus type="datetime-local" name="until" aria-label="Snooze until" required />
          <Button type="submit" variant="primary">
            Snooze
          </Button>
        </form>
      </Dialog>
      <Dialog open={showKeys} onOpenChange={setShowKeys} title="Keyboard shortcuts">
        <dl className="ib-keys">
          {KEYS.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </Dialog>
    </div>
  );
}
