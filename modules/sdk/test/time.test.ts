/**
 * The SDK's calendar rules without a database: business minutes in a zone (weekends,
 * holidays, DST), local-day buckets, the change rule and custom periods.
 */
import { customRange, kpiChange, kpiPeriod, presetRange } from '../src/kpi';
import { addBusinessMinutes, businessMinutesBetween, DEFAULT_AGENCY_TIME, startOfDateIn, type AgencyTime } from '../src/time';

const NY: AgencyTime = { ...DEFAULT_AGENCY_TIME, zone: 'America/New_York' };

describe('business minutes (Mon–Fri 09:00–17:30 in New York)', () => {
  it('a Sunday-evening hour lands on Monday 10:00', () => {
    expect(addBusinessMinutes(new Date('2026-03-02T00:00:00Z'), 60, NY).toISOString()).toBe('2026-03-02T15:00:00.000Z');
  });

  it('carries over closing time, skips holidays, and follows DST (Friday 17:00 EST + 60 → Monday 09:30 EDT)', () => {
    expect(addBusinessMinutes(new Date('2026-03-06T22:00:00Z'), 60, NY).toISOString()).toBe('2026-03-09T13:30:00.000Z');
    const holiday = { ...NY, holidays: ['2026-03-09'] };
    expect(addBusinessMinutes(new Date('2026-03-06T22:00:00Z'), 60, holiday).toISOString()).toBe('2026-03-10T13:30:00.000Z');
  });

  it('counts open time between two instants, and an agency with no hours falls back to calendar minutes', () => {
    expect(businessMinutesBetween(new Date('2026-03-06T21:00:00Z'), new Date('2026-03-09T14:00:00Z'), NY)).toBe(90 + 60);
    const closed = { ...NY, businessHours: { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } };
    expect(addBusinessMinutes(new Date('2026-03-02T00:00:00Z'), 60, closed).toISOString()).toBe('2026-03-02T01:00:00.000Z');
  });
});

describe('periods and buckets', () => {
  it('7/30/90 presets have exactly that many local days, the last one today', () => {
    const now = new Date('2026-03-10T03:00:00Z'); // the 9th in New York
    for (const days of [7, 30, 90]) {
      const { from, to } = presetRange(days, 'America/New_York', now);
      const p = kpiPeriod(from, to, 'America/New_York');
      expect(p.buckets).toHaveLength(days);
      expect(p.buckets[days - 1]!.date).toBe('2026-03-09');
    }
  });

  it('weeks beyond 92 days, starting at the period start', () => {
    const from = startOfDateIn('2026-01-01', 'UTC');
    const p = kpiPeriod(from, startOfDateIn('2026-07-01', 'UTC'), 'UTC');
    expect(p.bucket).toBe('week');
    expect(p.buckets[1]!.date).toBe('2026-01-08');
    expect(p.buckets[p.buckets.length - 1]!.end.toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('custom dates are local days; an impossible date is refused, not rolled over', () => {
    expect(customRange('2026-01-01', '2026-01-01', 'Pacific/Auckland')).toEqual({ from: new Date('2025-12-31T11:00:00Z'), to: new Date('2026-01-01T11:00:00Z') });
    expect(() => customRange('2026-02-30', '2026-03-10', 'UTC')).toThrow(/valid date/);
  });

  it('the change rule: a percentage from 10 up, the absolute change below', () => {
    expect(kpiChange(36, 1, false)).toEqual({ change: 35, changePct: null, better: true });
    expect(kpiChange(12, 10, true)).toEqual({ change: 2, changePct: 20, better: false });
    expect(kpiChange(null, 10, false)).toEqual({ change: null, changePct: null, better: null });
  });
});
