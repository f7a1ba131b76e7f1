/**
 * The one live connection of a browser tab (issue 13). The shell starts it after sign-in
 * (`startLiveConnection`) and stops it on sign-out; remotes only subscribe (`useLiveChanges`,
 * `useQuery(…, { live })`). Because the remote SDK is a federation singleton, shell and remotes
 * share this module's state.
 *
 * Connecting: `POST /api/v1/live/ticket` with the access token (the API client refreshes it on
 * 401), then `new EventSource('/api/v1/live?ticket=…&lastEventId=…')`. The ticket is single use,
 * so the browser's own automatic reconnect cannot work: on any error the source is closed and a
 * new one opened with a fresh ticket after a backoff (1 s doubling to 30 s, with jitter),
 * carrying the last event id so the server replays what was missed, or sends `reset` (then
 * every live query refetches).
 */
import { api } from '../api/client';

/** A change as the stream delivers it (`LiveChange` of the module SDK without its audience). */
export interface LiveChange {
  module: string;
  entity: string;
  id: string;
  agencyId: string;
  op: 'created' | 'updated' | 'deleted';
  version?: number;
  actorId: string | null;
  /** ISO instant. */
  at: string;
  data?: Record<string, unknown>;
}

export interface LiveFilter {
  module: string;
  entity?: string;
  id?: string;
}

export type LiveStatus = 'off' | 'connecting' | 'open' | 'retrying';

type ChangeListener = (change: LiveChange) => void;
type ResetListener = () => void;
type StatusListener = (status: LiveStatus) => void;

const changeListeners = new Set<ChangeListener>();
const resetListeners = new Set<ResetListener>();
const statusListeners = new Set<StatusListener>();

let source: EventSource | null = null;
let lastEventId: string | null = null;
let running = false;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let status: LiveStatus = 'off';
/** Set once the stream had been open: a later `ready` after a gap without replay means "refetch". */

function setStatus(next: LiveStatus): void {
  if (status === next) return;
  status = next;
  statusListeners.forEach((l) => l(next));
}

/** Does `change` match `filter` (module, and entity/id when given)? */
export function liveMatches(filter: LiveFilter, change: LiveChange): boolean {
  return change.module === filter.module && (!filter.entity || change.entity === filter.entity) && (!filter.id || change.id === filter.id);
}

/** Subscribe to every change this tab hears; returns the unsubscribe function. */
export function onLiveChange(listener: ChangeListener): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** Subscribe to `reset` (the server could not replay what this tab missed: refetch everything). */
export function onLiveReset(listener: ResetListener): () => void {
  resetListeners.add(listener);
  return () => resetListeners.delete(listener);
}

/** Subscribe to the connection status (`off`, `connecting`, `open`, `retrying`). */
export function onLiveStatus(listener: StatusListener): () => void {
  statusListeners.add(listener);
  listener(status);
  return () => statusListeners.delete(listener);
}

export function liveStatus(): LiveStatus {
  return status;
}

function parse(event: MessageEvent): unknown {
  try {
    return JSON.parse(event.data as string);
  } catch {
    return null;
  }
}

function remember(event: MessageEvent): void {
  if (event.lastEventId) lastEventId = event.lastEventId;
}

function scheduleRetry(): void {
  if (!running || retryTimer) return;
  setStatus('retrying');
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  attempt++;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void connect();
  }, base / 2 + Math.random() * (base / 2));
}

async function connect(): Promise<void> {
  if (!running) return;
  setStatus('connecting');
  let ticket: string;
  try {
    ticket = (await api.post<{ ticket: string }>('/live/ticket')).ticket;
  } catch {
    scheduleRetry();
    return;
  }
  if (!running) return;
  const query = new URLSearchParams({ ticket });
  if (lastEventId) query.set('lastEventId', lastEventId);
  const es = new EventSource(`/api/v1/live?${query.toString()}`);
  source = es;
  es.addEventListener('ready', (event) => {
    const hadPosition = lastEventId !== null;
    remember(event as MessageEvent);
    attempt = 0;
    setStatus('open');
    // Opened without a position to replay from — the tab's first stream, or a reconnect that lost
    // its id: queries that loaded before this moment may have missed a change made meanwhile
    // (a document indexed while the page was loading stayed "extracting"), so they refetch once.
    if (!hadPosition) resetListeners.forEach((l) => l());
  });
  es.addEventListener('change', (event) => {
    remember(event as MessageEvent);
    const change = parse(event as MessageEvent) as LiveChange | null;
    if (change && typeof change.module === 'string') changeListeners.forEach((l) => l(change));
  });
  es.addEventListener('reset', (event) => {
    remember(event as MessageEvent);
    resetListeners.forEach((l) => l());
  });
  es.addEventListener('closed', () => {
    // The server ended the stream (role change, sign-out elsewhere): reconnect with a new ticket soon.
    es.close();
    if (source === es) source = null;
    scheduleRetry();
  });
  es.onerror = () => {
    es.close();
    if (source === es) source = null;
    scheduleRetry();
  };
}

/** Open the tab's stream (idempotent). The shell calls it once signed in. */
export function startLiveConnection(): void {
  if (running || typeof EventSource === 'undefined') return;
  running = true;
  attempt = 0;
  void connect();
}

/** Close the stream and forget the position (sign-out). */
export function stopLiveConnection(): void {
  running = false;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  source?.close();
  source = null;
  lastEventId = null;
  setStatus('off');
}
