/**
 * Demo answers: ~40 for Chase's clients over the last six months (trending up, a couple of
 * unhappy accounts) and a few for Northwind's. Ids come from `demoId`, and a fixed-seed
 * generator picks scores, so every seeded database holds the same rows. Nothing is dated
 * within the last day: tests can count their own responses from "now" on.
 */
import { demoId, type SeedContext } from '@audienceos/module-sdk';
import { NpsResponseSchema } from './entities';

const DAY = 86_400_000;

const COMMENTS: Record<'promoter' | 'passive' | 'detractor', string[]> = {
  promoter: ['Reporting is clear and the team answers fast.', 'Tracking finally matches our CRM. Great work.', 'Our account manager is proactive.'],
  passive: ['Good overall, onboarding took longer than planned.', 'Fine, but we would like weekly updates.'],
  detractor: ['Tickets sit too long before anyone replies.', 'The audit missed the checkout events again.'],
};

/** Park–Miller: tiny and deterministic. */
function generator(seed: number) {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

function scoreFor(mood: number, progress: number, rnd: () => number): number {
  // mood: the client's baseline (0–10); progress 0→1 over the period lifts scores a little.
  const raw = mood + progress * 1.5 + (rnd() - 0.5) * 3;
  return Math.max(0, Math.min(10, Math.round(raw)));
}

function rowsFor(slug: string, clients: string[], count: number, moods: number[], staff: string[], seed: number) {
  const rnd = generator(seed);
  return Array.from({ length: count }, (_, i) => {
    const progress = i / Math.max(1, count - 1);
    const clientIndex = i % clients.length;
    const score = scoreFor(moods[clientIndex % moods.length]!, progress, rnd);
    const category = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
    const comments = COMMENTS[category];
    const daysAgo = Math.round(182 - progress * 180) + rnd() * 0.9; // 182 … 2 days ago
    return {
      id: demoId('nps-response', `${slug}/${i + 1}`),
      clientId: clients[clientIndex]!,
      score,
      comment: rnd() < 0.45 ? comments[Math.floor(rnd() * comments.length)]! : null,
      recordedBy: staff[i % staff.length]!,
      createdAt: new Date(Date.now() - daysAgo * DAY),
    };
  });
}

export async function seed({ em, demo, log }: SeedContext): Promise<void> {
  const plans = [
    { slug: demo.chase.slug, count: 40, moods: [9, 8, 9.5, 5, 8.5, 7, 9, 4.5], seed: 7 },
    { slug: demo.northwind.slug, count: 6, moods: [8, 6, 9.5], seed: 11 },
  ];
  for (const plan of plans) {
    const agency = demo.agency(plan.slug);
    const staff = agency.users.filter((u) => u.role !== 'member').map((u) => u.id);
    for (const row of rowsFor(plan.slug, demo.clientIds(plan.slug), plan.count, plan.moods, staff, plan.seed)) {
      em.create(NpsResponseSchema, { ...row, agencyId: agency.id });
    }
  }
  await em.flush();
  log(`example-nps: ${plans.reduce((n, p) => n + p.count, 0)} responses`);
}
