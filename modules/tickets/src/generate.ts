import type { GenerateContext } from '@audienceos/module-sdk';

/** Words the generated titles are made of: a query word matches a realistic share of tickets. */
const WORDS =
  'pixel conversions tracking checkout purchase event duplicated missing server container consent banner attribution report dashboard feed catalog budget campaign audience webhook token expired login access invoice refund shipping coupon analytics tag manager'.split(
    ' ',
  );

/**
 * Benchmark data: `scale × 5` tickets for one agency (issue 13's 100,000 tickets next to 20,000
 * clients), spread over the agency's clients (the generated ones included), statuses, priorities
 * and the last year, numbered after the existing ones, in one INSERT … SELECT; the agency's
 * counter is moved past them so that new tickets keep unique numbers.
 */
export async function generate({ em, agencyId, scale }: GenerateContext): Promise<void> {
  const count = scale * 5;
  const connection = em.getConnection();
  const tx = em.getTransactionContext();
  await connection.execute(
    `with clients as (select array_agg(id order by id) as ids from pipeline.client where agency_id = ?),
          base as (select coalesce(max(number), 0) as n from tickets.ticket where agency_id = ?),
          w as (select ?::text[] as words)
     insert into tickets.ticket (id, agency_id, number, title, description, client_id, category, priority, priority_rank, status,
                                 first_response_due_at, resolution_due_at, created_at, updated_at)
     select gen_random_uuid(), ?, base.n + g,
            initcap(w.words[1 + (g * 7) % array_length(w.words, 1)]) || ' ' || w.words[1 + (g * 13) % array_length(w.words, 1)] || ' ' ||
              w.words[1 + (g * 3) % array_length(w.words, 1)] || ' ' || g,
            'Generated ticket ' || g || ': ' || w.words[1 + (g * 11) % array_length(w.words, 1)] || ' ' || w.words[1 + (g * 17) % array_length(w.words, 1)],
            clients.ids[1 + g % array_length(clients.ids, 1)],
            (array['technical','billing','campaign','general','escalation'])[1 + g % 5],
            (array['low','medium','high','critical'])[1 + g % 4], 1 + g % 4,
            (array['new','in_progress','waiting_client','resolved'])[1 + g % 4],
            now() - (g % 365) * interval '1 day' + interval '4 hours', now() - (g % 365) * interval '1 day' + interval '3 days',
            now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day'
       from generate_series(1, ?) g, clients, base, w
      where array_length(clients.ids, 1) > 0`,
    [agencyId, agencyId, `{${WORDS.join(',')}}`, agencyId, count],
    'run',
    tx,
  );
  await connection.execute(
    `insert into tickets.ticket_counter (agency_id, last_number) select ?, coalesce(max(number), 0) from tickets.ticket where agency_id = ?
       on conflict (agency_id) do update set last_number = excluded.last_number`,
    [agencyId, agencyId],
    'run',
    tx,
  );
}
