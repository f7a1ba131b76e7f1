/** Content gaps (owners and admins): searches that found nothing in the last 30 days, most asked first. */
import { EmptyState, ErrorState, Skeleton, useQuery } from '@audienceos/remote-sdk';
import { kbApi } from './api';

export function Gaps({ onSearch }: { onSearch: (q: string) => void }) {
  const gaps = useQuery((s) => kbApi.gaps(s), []);
  if (gaps.error) return <ErrorState compact title="Content gaps could not be loaded" error={gaps.error} onRetry={gaps.reload} />;
  if (!gaps.data) return <Skeleton height={80} />;
  if (!gaps.data.items.length) return <EmptyState title="No content gaps" description="Every search in the last 30 days found something." />;
  return (
    <section aria-label="Content gaps" className="kb-gaps">
      <h3>Searches with no result (30 days)</h3>
      <ul>
        {gaps.data.items.map((g) => (
          <li key={g.query}>
            <button className="kb-cat" onClick={() => onSearch(g.query)}>
              “{g.query}”
            </button>{' '}
            <span className="kb-muted">
              {g.count}× · last {new Date(g.lastAt).toLocaleDateString()}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
