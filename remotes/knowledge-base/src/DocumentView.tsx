/** One document: details, live extraction status, preview, versions (restore), linked tickets, editor for written ones. */
import { useEffect, useState } from 'react';
import { Button, changedFields, ConflictNotice, conflictOf, ErrorState, Skeleton, Textarea, errorMessage, toast, useCan, useQuery, type Conflict } from '@audienceos/remote-sdk';
import { kbApi, type Doc } from './api';
import { DocumentPreview } from './Preview';

/** A same-origin signed link with `download`: the browser saves the file (no bearer token needed, nothing opens). */
function saveFile(link: { url: string }) {
  const a = document.createElement('a');
  a.href = link.url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function DocumentView({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: (doc: Doc) => void }) {
  const canWrite = useCan('documents:write');
  // Live notices refresh the status; while extraction is under way a slow poll is the safety net
  // for a notice lost in transit (the stream reconnecting), so "extracting" never sticks.
  const [extracting, setExtracting] = useState(false);
  const doc = useQuery((s) => kbApi.get(id, s), [id], { live: { module: 'knowledge-base', entity: 'document', id }, pollMs: extracting ? 3000 : undefined });
  const status = doc.data?.status;
  useEffect(() => setExtracting(status === 'pending' || status === 'extracting'), [status]);
  const preview = useQuery((s) => kbApi.preview(id, s), [id, doc.data?.version, status]);
  const versions = useQuery((s) => kbApi.versions(id, s), [id, doc.data?.version]);
  const tickets = useQuery((s) => kbApi.tickets(id, s), [id]);
  const [draft, setDraft] = useState<string | null>(null);
  // The revision the editor was opened on: a save sends it as If-Match; a 412 keeps the draft and offers Reload / Overwrite.
  const [editingRevision, setEditingRevision] = useState<number | null>(null);
  const [conflict, setConflict] = useState<Conflict<Doc> | null>(null);

  if (doc.error) return <ErrorState title="This document cannot be shown" message={errorMessage(doc.error)} onRetry={doc.reload} />;
  if (!doc.data) return <Skeleton height={240} />;
  const d = doc.data;
  const save = async (revision = editingRevision ?? d.revision) => {
    try {
      const saved = await kbApi.update(d.id, { markdown: draft }, revision);
      doc.setData(saved);
      onChanged(saved);
      setDraft(null);
      setConflict(null);
      setEditingRevision(null);
      toast.success(`Saved as version ${saved.version}`);
    } catch (err) {
      const newer = conflictOf<Doc>(err);
      if (newer) setConflict(newer);
      else toast.error(errorMessage(err));
    }
  };
  return (
    <section className="kb-doc" aria-label={d.title} data-testid="kb-document">
      <header className="kb-doc__head">
        <Button variant="ghost" onClick={onClose}>
          ← Back to search
        </Button>
        <h2>{d.title}</h2>
        <p className="kb-muted">
          {d.category} · {d.fileType.toUpperCase()} · version {d.version}
          {d.pageCount ? ` · ${d.pageCount} pages` : ''}
          {d.wordCount ? ` · ${d.wordCount} words` : ''} · <span data-testid="kb-status">{d.status}</span>
        </p>
        {d.status === 'failed' && (
          <p role="alert" className="kb-error">
            {d.failureReason}{' '}
            {canWrite && (
              <Button size="sm" onClick={() => kbApi.retry(d.id).then(doc.setData, (e) => toast.error(errorMessage(e)))}>
                Retry
              </Button>
            )}
          </p>
        )}
        <div className="kb-doc__actions">
          <Button
            variant="ghost"
            aria-pressed={d.starred}
            onClick={async () => {
              const before = d;
              doc.setData({ ...d, starred: !d.starred }); // optimistic; rolled back on failure
              try {
                doc.setData(await kbApi.star(d.id, !before.starred));
              } catch (err) {
                doc.setData(before);
                toast.error(errorMessage(err));
              }
            }}
          >
            {d.starred ? '★ Starred' : '☆ Star'}
          </Button>
          {canWrite && (
            <Button variant="ghost" onClick={() => kbApi.archive(d.id, !d.archived).then((saved) => (doc.setData(saved), onChanged(saved)), (e) => toast.error(errorMessage(e)))}>
              {d.archived ? 'Restore from archive' : 'Archive'}
            </Button>
          )}
          <Button variant="ghost" onClick={() => kbApi.link(d.id).then(saveFile, (e) => toast.error(errorMessage(e)))}>
            Download
          </Button>
        </div>
        {canWrite && d.kind === 'written' && draft === null && preview.data?.format === 'markdown' && (
          <Button
            onClick={() => {
              setEditingRevision(d.revision);
              setDraft((preview.data as { markdown: string }).markdown);
            }}
          >
            Edit
          </Button>
        )}
      </header>
      {draft !== null ? (
        <div className="kb-editor">
          <Textarea aria-label="Markdown" value={draft} rows={18} onChange={(e) => setDraft(e.target.value)} />
          <DocumentPreview preview={{ format: 'markdown', markdown: draft, status: 'indexed', failureReason: null }} />
          {conflict && (
            <ConflictNotice
              changes={changedFields(d, conflict.current, { title: 'Title', version: 'Version', tags: 'Tags', description: 'Description', category: 'Category' })}
              onReload={() => {
                // Take theirs: their document, my draft dropped.
                doc.setData(conflict.current);
                setConflict(null);
                setDraft(null);
                setEditingRevision(null);
              }}
              onOverwrite={() => void save(Number(conflict.version))}
            />
          )}
          <div>
            <Button onClick={() => void save()}>Save version</Button>
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(null);
                setConflict(null);
                setEditingRevision(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </div>
      ) : preview.data ? (
        <DocumentPreview preview={preview.data} />
      ) : preview.error ? (
        <ErrorState title="No preview" message={errorMessage(preview.error)} onRetry={preview.reload} />
      ) : (
        <Skeleton height={200} />
      )}
      <h3>Versions</h3>
      <ul className="kb-versions">
        {(versions.data?.items ?? []).map((v) => (
          <li key={v.id}>
            v{v.number} · {v.fileName ?? 'written'} · {new Date(v.createdAt).toLocaleString()} {v.current ? '(current)' : ''}
            {!v.current && canWrite && (
              <Button size="sm" variant="ghost" onClick={() => kbApi.restore(d.id, v.id).then(doc.setData, (e) => toast.error(errorMessage(e)))}>
                Restore
              </Button>
            )}
          </li>
        ))}
      </ul>
      <h3>Used in tickets</h3>
      {tickets.data?.items.length ? (
        <ul>
          {tickets.data.items.map((l) => (
            <li key={l.ticketId}>
              <a href={`/tickets?ticket=${l.ticketId}`}>Ticket {l.ticketId.slice(0, 8)}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p className="kb-muted">Not attached to any ticket yet.</p>
      )}
    </section>
  );
}
