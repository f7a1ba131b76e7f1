import type { GenerateContext } from '@audienceos/module-sdk';

/**
 * Benchmark data: `scale` clients for one agency, spread over its stages, owners and the
 * last year, in one INSERT … SELECT (no per-row round trips).
 */
export async function generate({ em, agencyId, demo, scale }: GenerateContext): Promise<void> {
  const agency = demo.agencies.find((a) => a.id === agencyId);
  const owners = (agency?.users ?? []).map((u) => u.id);
  const stages = ['onboarding', 'installation', 'audit', 'live', 'needs-support', 'off-boarding'];
  await em.getConnection().execute(
    `insert into pipeline.client (id, agency_id, name, company, contact_email, tags, total_spend, stage, stage_entered_at, owner_id, created_at, updated_at)
     select gen_random_uuid(), ?, 'Generated client ' || g, 'Company ' || g, 'contact' || g || '@example.com',
            array['generated', 'batch-' || (g % 10)], (g % 5000) * 10, (?::text[])[1 + g % 6],
            now() - (g % 30) * interval '1 day', (?::uuid[])[1 + g % greatest(1, ?)], now() - (g % 365) * interval '1 day', now()
       from generate_series(1, ?) g`,
    [agencyId, `{${stages.join(',')}}`, `{${owners.join(',')}}`, owners.length, scale],
    'run',
    em.getTransactionContext(),
  );
}
