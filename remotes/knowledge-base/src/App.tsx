/**
 * Knowledge base: search first (the box is focused; results with highlighted snippets), a
 * category sidebar with counts, list/grid, the document page, uploads with progress and a
 * Markdown editor for new documents. Keys: `/` search, J/K move, Enter open, C new, U upload.
 * The query and filters live in the URL.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, EmptyState, ErrorState, Input, Skeleton, Textarea, errorMessage, toast, useCan, usePageHeader, useQuery, type RemoteAppProps } from '@audienceos/remote-sdk';
import { kbApi, type Doc, type Hit } from './api';
import { DocumentView } from './DocumentView';
import { Gaps } from './Gaps';
import { Uploads } from './Uploads';
import './knowledge-base.css';

function Snippet({ hit }: { hit: Hit }) {
  return (
    <p className="kb-snippet">
      {hit.snippet.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </p>
  );
}

export default function KnowledgeBaseApp(_props: RemoteAppProps) {
  usePageHeader('Knowledge base');
  const canWrite = useCan('documents:write');
  const canManage = useCan('documents:manage');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? undefined;
  const openId = params.get('doc');
  const view = params.get('view') === 'grid' ? 'grid' : 'list';
  const showGaps = params.get('gaps') === '1';
  const [text, setText] = useState(q);
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const set = useCallback(
    (changes: Record<string, string | null>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      }),
    [setParams],
  );
  useEffect(() => {
    const timer = setTimeout(() => text !== q && set({ q: text || null }), 250);
    return () => clearTimeout(timer);
  }, [text, q, set]);
  const results = useQuery((s) => kbApi.search({ q: q || undefined, category, limit: '50' }, s), [q, category], {
    live: { module: 'knowledge-base', entity: 'document' },
  });
  const items = useMemo(() => results.data?.items ?? [], [results.data]);
  useEffect(() => setActive(0), [q, category]);
  useEffect(() => {
    if (!openId) searchRef.current?.focus();
  }, [openId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const typing = (e.target as HTMLElement | null)?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]');
      if (e.key === '/' && !typing) {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (typing || openId) return;
      if (e.key === 'j' || e.key === 'J') setActive((i) => Math.min(i + 1, items.length - 1));
      else if (e.key === 'k' || e.key === 'K') setActive((i) => Math.max(i - 1, 0));
      else if (e.key === 'Enter' && items[active]) set({ doc: items[active].id });
      else if ((e.key === 'c' || e.key === 'C') && canWrite) setCreating(true);
      else if ((e.key === 'u' || e.key === 'U') && canWrite) fileRef.current?.click();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, active, openId, canWrite, set]);

  const onUploaded = useCallback((_doc: Doc) => results.reload(), [results]);

  if (openId) return <DocumentView id={openId} onClose={() => set({ doc: null })} onChanged={() => results.reload()} />;

  const categories = results.data?.facets?.category ?? [];
  return (
    <div className="kb">
      <aside className="kb-side" aria-label="Categories">
        <button className={`kb-cat${!category ? ' kb-cat--on' : ''}`} onClick={() => set({ category: null })}>
          All
        </button>
        {categories.map((c) => (
          <button key={c.value} className={`kb-cat${category === c.value ? ' kb-cat--on' : ''}`} onClick={() => set({ category: c.value })}>
            {c.value} <span className="kb-muted">{c.count}</span>
          </button>
        ))}
      </aside>
      <main className="kb-main">
        <div className="kb-toolbar">
          <Input ref={searchRef} aria-label="Search documents" placeholder='Search ("phrase", or, -exclude)  /' value={text} onChange={(e) => setText(e.target.value)} />
          <Button variant="ghost" onClick={() => set({ view: view === 'list' ? 'grid' : null })}>
            {view === 'list' ? 'Grid' : 'List'}
          </Button>
          {canWrite && <Button onClick={() => setCreating(true)}>New document (C)</Button>}
        </div>
        {canManage && (
          <Button variant="ghost" onClick={() => set({ gaps: showGaps ? null : '1' })}>
            {showGaps ? 'Hide content gaps' : 'Content gaps'}
          </Button>
        )}
        {canManage && showGaps && <Gaps onSearch={(query) => (setText(query), set({ q: query, gaps: null }))} />}
        {canWrite && <Uploads onUploaded={onUploaded} inputRef={fileRef} />}
        {creating && <NewDocument onDone={(doc) => (setCreating(false), doc && set({ doc: doc.id }))} />}
        {results.error ? (
          <ErrorState title="Search failed" message={errorMessage(results.error)} onRetry={results.reload} />
        ) : results.loading ? (
          <Skeleton height={200} />
        ) : items.length === 0 ? (
          <EmptyState title={q ? `Nothing found for "${q}"` : 'No documents yet'} description={q ? 'Try other words, or fewer filters.' : 'Upload your first runbook.'} />
        ) : (
          <ul className={`kb-results kb-results--${view}`} aria-label="Results">
            {items.map((d, i) => (
              <li key={d.id} className={i === active ? 'kb-hit kb-hit--active' : 'kb-hit'} data-testid="kb-result">
                <a
                  href={`?doc=${d.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    set({ doc: d.id });
                  }}
                >
                  {d.title}
                </a>
                <span className="kb-muted">
                  {' '}
                  {d.category} · {d.fileType} · {d.status}
                </span>
                <Snippet hit={d} />
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}

function NewDocument({ onDone }: { onDone: (doc: Doc | null) => void }) {
  const [title, setTitle] = useState('');
  const [markdown, setMarkdown] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="kb-new"
      aria-label="New document"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        try {
          onDone(await kbApi.create({ title, markdown }));
        } catch (err) {
          toast.error(errorMessage(err));
          setBusy(false);
        }
      }}
    >
      <Input aria-label="Title" placeholder="Title" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      <Textarea aria-label="Markdown" rows={10} value={markdown} onChange={(e) => setMarkdown(e.target.value)} />
      <Button type="submit" disabled={busy || !title.trim()}>
        Publish
      </Button>
      <Button type="button" variant="ghost" onClick={() => onDone(null)}>
        Cancel
      </Button>
    </form>
  );
}
