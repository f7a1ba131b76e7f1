/**
 * The KPI contract test kit: checks that a module's KPI provider (a partner's plugin too)
 * answers the way the dashboard relies on. Run it in the module's own tests:
 *
 *   const problems = await checkKpiContract({
 *     declarations: manifest.kpis,
 *     call: (action, params) => josh.call(action, params),
 *     record: { kpi: 'new-clients', at: (instant) => makeClientCreatedAt(instant) },
 *   });
 *   expect(problems).toEqual([]);
 *
 * What it checks (each problem is one line naming the KPI and the rule):
 * - a 7/30/90-day preset has exactly 7/30/90 points, on consecutive local dates, the last
 *   one today in the zone (a far-from-UTC zone, Pacific/Auckland, by default);
 * - a period over a DST change has one point per local day (the DST day is one 23/25 h bucket);
 * - an average with no data answers `null` (value and every point), a sum/snapshot `0`;
 * - with a `record` hook: a record at exactly `to` counts in the next period and never in
 *   both, and a record at 22:30 local time counts on that local date (not the UTC one).
 */
import { addDaysIn, atLocalTime, dateKeyIn, now, startOfDateIn } from '../time';
import { KPI_PRESETS, presetRange } from '../kpi';
import type { KpiDeclaration } from '../types';

interface Answer {
  value: number | null;
  series: { date: string; value: number | null }[];
}

export interface KpiContractSubject {
  declarations: KpiDeclaration[];
  /** Call an action as a user of the agency under test (over the broker or HTTP). */
  call(action: string, params: Record<string, unknown>): Promise<unknown>;
  /** Optional hook: create one record that adds a positive amount to `kpi` at exactly `at`. */
  record?: { kpi: string; at(instant: Date): Promise<void> };
  /** Zone for the preset checks (default Pacific/Auckland, UTC+12/13). */
  zone?: string;
  /** Zone with a DST change for the DST and local-day checks (default America/New_York). */
  dstZone?: string;
}

const ask = async (s: KpiContractSubject, k: KpiDeclaration, from: Date, to: Date, zone: string): Promise<Answer> =>
  (await s.call(k.action, { id: k.id, from: from.toISOString(), to: to.toISOString(), zone })) as Answer;

function consecutive(dates: string[], zone: string): boolean {
  return dates.every((d, i) => i === 0 || dateKeyIn(addDaysIn(startOfDateIn(dates[i - 1]!, zone), 1, zone), zone) === d);
}

/** Check every declared KPI; answers the list of broken rules (empty: the provider keeps the contract). */
export async function checkKpiContract(subject: KpiContractSubject): Promise<string[]> {
  const problems: string[] = [];
  const zone = subject.zone ?? 'Pacific/Auckland';
  const dstZone = subject.dstZone ?? 'America/New_York';
  const today = dateKeyIn(now(), zone);
  for (const k of subject.declarations) {
    const name = `${k.id} (${k.action})`;
    for (const days of Object.values(KPI_PRESETS)) {
      const range = presetRange(days, zone);
      const a = await ask(subject, k, range.from, range.to, zone);
      const dates = a.series.map((p) => p.date);
      if (dates.length !== days) problems.push(`${name}: a ${days}-day period has ${dates.length} points, not ${days}`);
      if (dates[dates.length - 1] !== today) problems.push(`${name}: the last point of ${days} days is ${dates[dates.length - 1]}, not today (${today} in ${zone})`);
      if (!consecutive(dates, zone)) problems.push(`${name}: the points of ${days} days are not consecutive local dates`);
    }
    // 1–14 March 2026 in New York: clocks go forward on the 8th.
    const dstFrom = startOfDateIn('2026-03-01', dstZone);
    const dst = await ask(subject, k, dstFrom, addDaysIn(dstFrom, 14, dstZone), dstZone);
    const dstDates = dst.series.map((p) => p.date);
    if (dstDates.length !== 14 || !consecutive(dstDates, dstZone) || dstDates.filter((d) => d === '2026-03-08').length !== 1) {
      problems.push(`${name}: 14 days over a DST change gave ${dstDates.length} points (${dstDates.join(',')})`);
    }
    // Long ago: nothing there.
    const emptyFrom = startOfDateIn('2001-01-01', zone);
    const empty = await ask(subject, k, emptyFrom, addDaysIn(emptyFrom, 7, zone), zone);
    const expected = k.aggregate === 'average' ? null : 0;
    if (empty.value !== expected) problems.push(`${name}: with no data the value is ${empty.value}, not ${expected} (${k.aggregate ?? 'sum'})`);
    if (empty.series.some((p) => p.value !== expected)) problems.push(`${name}: with no data a point is not ${expected}`);
  }

  const hook = subject.record;
  const k = hook && subject.declarations.find((d) => d.id === hook.kpi);
  if (hook && !k) problems.push(`record hook names ${hook.kpi}, which is not declared`);
  if (hook && k) {
    const name = `${k.id} (${k.action})`;
    // A boundary at a local midnight, far from any seeded data.
    const boundary = startOfDateIn('2003-06-15', dstZone);
    const before = { from: addDaysIn(boundary, -1, dstZone), to: boundary };
    const after = { from: boundary, to: addDaysIn(boundary, 1, dstZone) };
    const v = async (r: { from: Date; to: Date }) => (await ask(subject, k, r.from, r.to, dstZone)).value ?? 0;
    const [b0, a0] = [await v(before), await v(after)];
    await hook.at(boundary);
    const [b1, a1] = [await v(before), await v(after)];
    if (b1 !== b0) problems.push(`${name}: a record at exactly 'to' changed the period that ends there (${b0} → ${b1})`);
    if (!(a1 > a0)) problems.push(`${name}: a record at exactly 'from' did not count in the period that starts there (${a0} → ${a1})`);

    // 22:30 local on 27 May 2003 is 02:30 UTC on the 28th: it belongs to the 27th.
    const day27 = startOfDateIn('2003-05-27', dstZone);
    const week = { from: addDaysIn(day27, -3, dstZone), to: addDaysIn(day27, 4, dstZone) };
    const point = async () => (await ask(subject, k, week.from, week.to, dstZone)).series;
    const s0 = await point();
    await hook.at(atLocalTime(day27, '22:30', dstZone));
    const s1 = await point();
    const grew = s1.filter((p, i) => (p.value ?? 0) !== (s0[i]?.value ?? 0)).map((p) => p.date);
    if (grew.join(',') !== '2003-05-27') problems.push(`${name}: a record at 22:30 ${dstZone} on 2003-05-27 changed the points of [${grew.join(',')}], not 2003-05-27`);
  }
  return problems;
}
