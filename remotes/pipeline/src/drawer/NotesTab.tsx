/** The notes timeline, newest first; ⌘/Ctrl+Enter adds one. */
import { useState, type FormEvent } from 'react';
import { Button, EmptyState, ErrorState, Field, SkeletonText, Textarea, useCan, useMutation, useQuery } from '@audienceos/remote-sdk';
import { pipelineApi } from '../api';
import { relativeTime } from '../shared/format';
import { UserAvatar, useTeam } from '../shared/team';

export function NotesTab({ clientId }: { clientId: string }) {
  const canWrite = useCan('clients:write');
  const { nameOf } = useTeam();
  const query = useQuery((signal) => pipelineApi.notes(clientId, signal), [clientId], { live: { module: 'pipeline', entity: 'note' } });
  const [body, setBody] = useState('');
  const add = useMutation((text: string) => pipelineApi.addNote(clientId, text), {
    onSuccess: (note) => {
      query.setData((notes) => [note, ...(notes ?? [])]);
      setBody('');
    },
  });
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (body.trim()) void add.mutate(body.trim());
  };

  return (
    <div className="pl-notes">
      {canWrite && (
        <form onSubmit={submit} className="pl-notes__form">
          <Field label="Add a note" error={add.fieldErrors.body} hint="⌘/Ctrl + Enter to add">
            <Textarea
              rows={3}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
              }}
            />
          </Field>
          <div className="pl-form__actions">
            <div className="aos-toolbar__spacer" />
            <Button type="submit" variant="primary" size="sm" loading={add.pending} disabled={!body.trim()}>
              Add note
            </Button>
          </div>
        </form>
      )}
      {query.error && !query.data ? (
        <ErrorState compact title="Could not load notes" error={query.error} onRetry={query.reload} />
      ) : !query.data ? (
        <SkeletonText lines={4} label="Loading notes" />
      ) : query.data.length === 0 ? (
        <EmptyState compact title="No notes yet" description="Calls, decisions and context for whoever picks this client up next." />
      ) : (
        <ol className="pl-timeline">
          {query.data.map((note) => (
            <li key={note.id} className="pl-timeline__item">
              <UserAvatar userId={note.authorId} size={20} />
              <div>
                <div className="pl-timeline__meta">
                  <strong>{nameOf(note.authorId)}</strong> · <time dateTime={note.createdAt}>{relativeTime(note.createdAt)}</time>
                </div>
                <p className="pl-timeline__body">{note.body}</p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
