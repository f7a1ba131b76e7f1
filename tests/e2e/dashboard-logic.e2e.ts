/**
 * The dashboard's pure logic without a server or a browser: periods and their previous period,
 * the change/better rule (the same as the remote SDK's KpiFigure), reading a provider's answer,
 * permission filtering of providers, and the remote's layout arrangement and unit formats.
 * (In the e2e project like sdk-logic: the web packages have no jest project of their own.)
 */
import { change, readAnswer } from '../../modules/dashboard/src/domain/cards';
import { previousOf, resolvePeriod } from '../../modules/dashboard/src/domain/periods';
import { kpiPeriod } from '../../modules/sdk/src/kpi';
import { startOfDateIn } from '../../modules/sdk/src/time';
import { mayRead } from '../../modules/dashboard/src/domain/providers';
import { kpiChange } from '../../remotes/sdk/src/ui/kpi-math';
import { arrange, figureFormat, minutes, move, rangeLabel, shortDate } from '../../remotes/dashboard/src/model';
import type { KpiCard } from '../../remotes/dashboard/src/api';

const DAY = 86_400_000;

describe('periods in the agency zone', () => {
  it('presets end at the next local midnight of the zone; the previous period is the same number of local days just before', () => {
    const now = new Date('2026-03-10T15:30:00Z');
    const week = resolvePeriod('7d', undefined, undefined, 'UTC', now);
    expect(week).toEqual({ from: new Date('2026-03-04T00:00:00Z'), to: new Date('2026-03-11T00:00:00Z') });
    expect(previousOf(week, 'UTC')).toEqual({ from: new Date('2026-02-25T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') });
    // New York, across the DST change of 8 March: seven local days, 167 hours.
    const ny = resolvePeriod('7d', undefined, undefined, 'America/New_York', now);
    expect(ny).toEqual({ from: new Date('2026-03-04T05:00:00Z'), to: new Date('2026-03-11T04:00:00Z') });
    expect(previousOf(ny, 'America/New_York')).toEqual({ from: new Date('2026-02-25T05:00:00Z'), to: new Date('2026-03-04T05:00:00Z') });
    // 15:30 UTC is already the 11th in Auckland.
    expect(resolvePeriod('7d', undefined, undefined, 'Pacific/Auckland', now).to).toEqual(new Date('2026-03-11T11:00:00Z'));
    const quarter = resolvePeriod('90d', undefined, undefined, 'UTC', now);
    expect(quarter.to.getTime() - quarter.from.getTime()).toBe(90 * DAY);
  });

  it('custom periods: a date-only end includes that local day; reversed, empty or too long are refused', () => {
    expect(resolvePeriod('custom', '2026-01-01', '2026-01-01', 'UTC')).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z') });
    expect(resolvePeriod('custom', '2026-01-01', '2026-01-01', 'America/New_York')).toEqual({ from: new Date('2026-01-01T05:00:00Z'), to: new Date('2026-01-02T05:00:00Z') });
    expect(resolvePeriod('custom', '2026-01-01T06:00:00Z', '2026-01-01T18:00:00Z', 'UTC').to).toEqual(new Date('2026-01-01T18:00:00Z'));
    expect(() => resolvePeriod('custom', '2026-01-01T06:00:00Z', '2026-01-01T06:00:00Z', 'UTC')).toThrow(/after/);
    expect(() => resolvePeriod('custom', '2020-01-01', '2026-01-01', 'UTC')).toThrow(/at most/);
    expect(() => resolvePeriod('custom', undefined, '2026-01-01', 'UTC')).toThrow(/required/);
  });

  it('a trend day with a DST change is one bucket of 23 or 25 hours', () => {
    const zone = 'America/New_York';
    const spring = kpiPeriod(startOfDateIn('2026-03-08', zone), startOfDateIn('2026-03-09', zone), zone);
    expect(spring.buckets.map((b) => [b.date, (b.end.getTime() - b.start.getTime()) / 3_600_000])).toEqual([['2026-03-08', 23]]);
    const autumn = kpiPeriod(startOfDateIn('2026-11-01', zone), startOfDateIn('2026-11-02', zone), zone);
    expect(autumn.buckets.map((b) => [b.date, (b.end.getTime() - b.start.getTime()) / 3_600_000])).toEqual([['2026-11-01', 25]]);
  });
});

describe('change and better', () => {
  it.each([
    [110, 100, false, 10, 10, true],
    [90, 100, false, -10, -10, false],
    [90, 100, true, -10, -10, true],
    [110, 100, true, 10, 10, false],
    [5, 0, false, null, 5, true],
    [0, 0, false, null, 0, null],
    [36, 1, false, null, 35, true],
    [100, 100, true, 0, 0, null],
    [-50, -100, false, 50, 50, true],
    [null, 3, false, null, null, null],
    [3, null, false, null, null, null],
  ] as const)('%p vs %p (lowerIsBetter %p) → %p %%, %p absolute, better %p', (value, previous, lower, pct, abs, better) => {
    expect(change(value, previous, lower)).toEqual({ changePct: pct, change: abs, better });
    // The arrow colour on screen agrees with the API's flag.
    if (value !== null && previous !== null) {
      const ui = kpiChange(value, previous, lower);
      expect(ui.trend === 'better' ? true : ui.trend === 'worse' ? false : null).toBe(better);
      expect(ui.percent === null).toBe(pct === null);
    }
  });

  it('rounds the percentage to one decimal', () => {
    expect(change(20, 30, false).changePct).toBe(-33.3);
  });
});

describe("reading a provider's answer", () => {
  it('keeps value and series, numbers only; refuses an answer without a value', () => {
    expect(readAnswer({ value: '4', series: [{ date: '2026-01-01', value: '2' }, { date: '2026-01-02', value: null }, null], extra: 1 })).toEqual({
      value: 4,
      series: [
        { date: '2026-01-01', value: 2 },
        { date: '2026-01-02', value: null },
      ],
    });
    expect(readAnswer({ value: null })).toEqual({ value: null, series: [] });
    expect(() => readAnswer(undefined)).toThrow();
    expect(() => readAnswer({ series: [] })).toThrow();
  });
});

describe('who may read a KPI', () => {
  const manifest = {
    module: 'finance',
    version: '1',
    permissions: [{ name: 'finance:read', roles: ['owner' as const] }, { name: 'finance:manage' }],
  };
  it("uses the KPI's permission, else the module's read permission, else everyone", () => {
    expect(mayRead('admin', manifest, { id: 'a', label: 'A', action: 'x', permission: 'finance:manage' })).toBe(true);
    expect(mayRead('manager', manifest, { id: 'a', label: 'A', action: 'x', permission: 'finance:manage' })).toBe(false);
    expect(mayRead('admin', manifest, { id: 'b', label: 'B', action: 'x' })).toBe(false);
    expect(mayRead('owner', manifest, { id: 'b', label: 'B', action: 'x' })).toBe(true);
    expect(mayRead('member', { module: 'open', version: '1', permissions: [] }, { id: 'c', label: 'C', action: 'x' })).toBe(true);
  });
});

describe('the remote: dates in the agency zone', () => {
  it('labels a period by its local days in the zone, and a KPI point by its calendar date', () => {
    const nyWeek = { from: '2026-03-04T05:00:00.000Z', to: '2026-03-11T04:00:00.000Z' };
    expect(rangeLabel(nyWeek, 'America/New_York')).toBe('4 Mar – 10 Mar');
    expect(rangeLabel(nyWeek, 'UTC')).toBe('4 Mar – 11 Mar'); // the same instants, read in UTC, end a day later
    expect(shortDate('2026-03-08')).toBe('8 Mar');
  });
});

describe('the remote: layout and units', () => {
  const card = (module: string, id: string): KpiCard => ({
    module, id, label: id, unit: 'count', lowerIsBetter: false, link: null, aggregate: 'sum', value: 1, previous: 1, change: 0, changePct: null, better: null, series: [],
    period: { from: '', to: '' }, previousPeriod: { from: '', to: '' }, zone: 'UTC',
  });
  const cards = [card('a', '1'), card('a', '2'), card('b', '1')];

  it('puts the layout first, hides its hidden cards, appends new cards and keeps entries of modules that are down', () => {
    const { entries, visible } = arrange(cards, [
      { module: 'b', id: '1' },
      { module: 'gone', id: 'x' },
      { module: 'a', id: '1', hidden: true },
    ]);
    expect(entries.map((e) => `${e.module}/${e.id}`)).toEqual(['b/1', 'gone/x', 'a/1', 'a/2']);
    expect(visible.map((c) => `${c.module}/${c.id}`)).toEqual(['b/1', 'a/2']);
    expect(arrange(cards, []).visible).toHaveLength(3);
  });

  it('moves within bounds', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a']);
  });

  it('formats units', () => {
    const hours = figureFormat('hours') as (v: number) => string;
    expect(hours(28.84)).toBe('28.8h');
    expect(minutes(45)).toBe('45m');
    expect(minutes(197)).toBe('3h 17m');
    expect(minutes(60 * 50)).toBe('2d 2h');
    expect(figureFormat('count')).toBe('number');
    expect(figureFormat('percent')).toBe('percent');
  });
});
