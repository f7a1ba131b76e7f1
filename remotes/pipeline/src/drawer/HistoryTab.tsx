/** Every stage move, newest first: who moved it, from where to where, when and why. */
import { ErrorState, SkeletonText, useQuery } from '@audienceos/remote-sdk';
import { pipelineApi, type Client, type Stage } from '../api';
import { formatDateTime, relativeTime } from '../shared/format';
import { UserAvatar, useTeam } from '../shared/team';

export function HistoryTab({ client, stages }: { client: Client; stages: Stage[] }) {
  const { nameOf } = useTeam();
  // Refetch when the client moves while the drawer is open.
  const query = useQuery((signal) => pipelineApi.history(client.id, signal), [client.id, client.stageEnteredAt]);
  const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;

  if (query.error && !query.data) return <ErrorState compact title="Could not load the history" error={query.error} onRetry={query.reload} />;
  if (!query.data) return <SkeletonText lines={5} label="Loading history" />;
  return (
    <ol className="pl-timeline">
      {query.data.map((event) => (
        <li key={event.id} className="pl-timeline__item">
          <UserAvatar userId={event.movedBy} size={20} />
          <div>
            <div className="pl-timeline__meta">
              <strong>{event.movedBy ? nameOf(event.movedBy) : 'Automation'}</strong>{' '}
              {event.from ? (
                <>
                  moved it from <strong>{stageName(event.from)}</strong> to <strong>{stageName(event.to)}</strong>
                </>
              ) : (
                <>
                  added it in <strong>{stageName(event.to)}</strong>
                </>
              )}{' '}
              · <time dateTime={event.at} title={formatDateTime(event.at)}>{relativeTime(event.at)}</time>
            </div>
            {event.note && <p className="pl-timeline__body">{event.note}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
