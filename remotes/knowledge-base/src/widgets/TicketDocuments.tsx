/**
 * The ticket drawer's "Documents" panel (slot `ticket.panels`): documents attached to the
 * ticket and suggestions found by the ticket's title (full text). Attaching is optimistic:
 * the suggestion moves to the attached list at once and moves back if the server refuses.
 */
import { Button, ErrorState, SkeletonText, errorMessage, toast, useCan, useQuery } from '@audienceos/remote-sdk';
import { kbApi, type Doc } from '../api';

export default function TicketDocuments({ ticketId }: { ticketId: string; ticketTitle?: string }) {
  const canAttach = useCan('documents:read');
  const q = useQuery((s) => kbApi.forTicket(ticketId, s), [ticketId]);
  if (q.error && !q.data) return <ErrorState compact title="Documents could not be loaded" error={q.error} onRetry={q.reload} />;
  if (!q.data) return <SkeletonText lines={2} label="Loading documents" />;
  const { attached, suggested } = q.data;
  const attach = async (doc: Doc) => {
    const before = q.data!;
    q.setData({ attached: [doc, ...before.attached], suggested: before.suggested.filter((d) => d.id !== doc.id) });
    try {
      await kbApi.attach(doc.id, ticketId);
    } catch (err) {
      q.setData(before);
      toast.error(errorMessage(err));
    }
  };
  const link = (d: Doc) => <a href={`/knowledge-base?doc=${d.id}`}>{d.title}</a>;
  return (
    <div className="kb-ticket-docs" data-testid="kb-ticket-docs">
      {attached.length === 0 && suggested.length === 0 && <p className="kb-muted">No matching documents. Search the knowledge base.</p>}
      {attached.length > 0 && (
        <ul aria-label="Attached documents">
          {attached.map((d) => (
            <li key={d.id}>{link(d)}</li>
          ))}
        </ul>
      )}
      {suggested.length > 0 && (
        <>
          <p className="kb-muted">Suggested by the title</p>
          <ul aria-label="Suggested documents">
            {suggested.map((d) => (
              <li key={d.id}>
                {link(d)}{' '}
                {canAttach && (
                  <Button size="sm" variant="ghost" onClick={() => attach(d)}>
                    Attach
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
