/** The "Messages" tab of the pipeline's client drawer (slot `client.tabs`, prop `clientId`): the client's latest conversations. */
import { Inbox } from 'lucide-react';
import { useNavigate } from 'react-router';
import { EmptyState, ErrorState, SkeletonText, useQuery } from '@audienceos/remote-sdk';
import { inboxApi } from '../api';
import { ConversationList } from '../components/ConversationList';
import '../inbox.css';

export default function ClientMessages({ clientId }: { clientId: string }) {
  const navigate = useNavigate();
  const list = useQuery((s) => inboxApi.list({ client: clientId }, null, s), [clientId], { live: { module: 'communications', entity: 'conversation' } });
  if (list.loading) return <SkeletonText lines={4} label="Loading messages" />;
  if (list.error) return <ErrorState compact title="Could not load the messages" error={list.error} onRetry={list.reload} />;
  if (!list.data?.items.length)
    return (
      <EmptyState
        compact
        icon={<Inbox />}
        title="No messages with this client"
        description="Slack and email conversations linked to this client appear here."
      />
    );
  return (
    <ConversationList
      items={list.data.items.slice(0, 20)}
      focusedId={null}
      openId={null}
      clientName={() => ''}
      personName={(id) => (id ? `${id.slice(0, 8)}…` : '')}
      onOpen={(c) => navigate(`/communications?client=${clientId}&c=${c.id}`)}
    />
  );
}
