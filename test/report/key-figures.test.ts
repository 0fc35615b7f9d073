// The report's key-figure cards from summary trees built by hand: what each card says, for single
// and replicated runs, in the cases the shipped scenarios do not all reach.
import { describe, expect, it } from 'vitest';
import { figureSource, keyFigures } from '../../src/io/report/key-figures.js';
import { totalsTable } from '../../src/io/report/summary-tables.js';
import type { SimConfig } from '../../src/model/config.js';

/** The part of a scenario the cards read: whether a refused sign-in is retried. */
const retrying = (maxAttempts: number): SimConfig =>
  ({ workload: { retry: { maxAttempts } } }) as unknown as SimConfig;

/** The cards of a single run's summary, as `label | value | note` lines without markup. */
function cards(summary: unknown, config = retrying(Infinity)): string[] {
  const html = keyFigures(figureSource(summary), summary, config);
  return [...html.matchAll(/<div class="card"[^>]*>(.*?)<\/div>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<b>/, ' | ')
      .replace(/<\/b>/, ' | ')
      .replace(/<[^>]+>/g, '')
      .replace(/ \| $/, ''),
  );
}

const server = (pool: string, capacity: number, over: number, peak: number) => ({
  pool,
  capacity,
  peak,
  secondsOverCapacity: over,
});

describe('key-figure cards', () => {
  it('says "so far" when the worst server was still over when the run ended, in h/m/s to the second', () => {
    const summary = {
      servers: { a: { ...server('p', 20000, 3630, 26667), overCapacityAtEnd: true } },
      outages: [],
    };
    expect(cards(summary)).toContain(
      'longest time over 20,000 users: a | 1h00m30s so far | peak 26,667 users; still over when the run ended',
    );
  });

  it('says a refused sign-in is not retried when nobody retries (maxAttempts: 0)', () => {
    const summary = { servers: {}, outages: [], signIns: { blocking: 0.5, gaveUp: 10 } };
    expect(cards(summary, retrying(0))).toContain(
      'first sign-ins refused (blocking) | 50% | not retried; gave up: 10',
    );
    expect(cards(summary, retrying(3))).toContain(
      'first sign-ins refused (blocking) | 50% | then retried; gave up: 10',
    );
  });

  it('says why users gave up in words true of the retry policy: no retries means the first refusal', () => {
    const summary = { servers: {}, outages: [], users: { lost: 20000 } };
    expect(cards(summary, retrying(0))).toContain(
      'users lost | 20,000 | gave up: refused with no retry left (retry.maxAttempts 0: at the first refusal)',
    );
    expect(cards(summary, retrying(3))).toContain(
      'users lost | 20,000 | gave up: refused with no retry left (retry.maxAttempts 3: after 3 refused retries)',
    );
    expect(cards(summary)).toContain('users lost | 20,000 | gave up: refused with no retry left');
  });

  it("names the worst server's own capacity, not the first pool's", () => {
    const summary = {
      servers: { a: server('p', 20000, 0, 15000), b: server('q', 10000, 600, 12000) },
      outages: [],
    };
    expect(cards(summary)).toContain('longest time over 10,000 users: b | 10m00s | peak 12,000 users');
  });

  it('says "its supported users" when no server went over and their capacities differ', () => {
    const mixed = { servers: { a: server('p', 20000, 0, 1), b: server('q', 10000, 0, 1) }, outages: [] };
    expect(cards(mixed)).toContain('time any server ran over its supported users | none');
    const same = { servers: { a: server('p', 15000, 0, 1), b: server('q', 15000, 0, 1) }, outages: [] };
    expect(cards(same)).toContain('time any server ran over 15,000 users | none');
  });

  const outage = (
    affected: number,
    recovered: number,
    lost: number,
    waiting: number,
    r95: number | null,
    left = 0,
  ) => ({
    start: 7200,
    end: 18000,
    cause: 'server pc2 failure',
    usersAffected: affected,
    usersRecovered: recovered,
    usersLost: lost,
    usersLeftWhileWaiting: left,
    usersStillWaiting: waiting,
    recovery_s: lost + waiting === 0 && recovered > 0 ? 300 : null,
    recovery95_s: r95,
  });
  const recovery = (n: number, max: number | null) => ({
    count: n,
    mean: max,
    p50: max,
    p95: max,
    max,
    unrecovered: 0,
  });

  it('says how many affected users were back and why the others were not, never "0 users never back"', () => {
    // 16 of 14,836 gave up, none still waiting at the end.
    const one = { servers: {}, outages: [outage(14836, 14820, 16, 0, 90)], recovery_s: recovery(0, null) };
    expect(cards(one)).toContain(
      'back after the outage | 14,820 of 14,836 | 16 gave up; 95% back after 1m30s',
    );
    const two = {
      servers: {},
      outages: [outage(100, 100, 0, 0, 30), outage(50, 40, 7, 1, null, 2)],
      recovery_s: recovery(1, 300),
    };
    // N counts only those who still wanted service: 150 affected less the 2 who left while waiting.
    expect(cards(two)).toContain(
      'back after the outages | 140 of 148 | 7 gave up, 1 still waiting at the end, 2 left while waiting (their session ended)',
    );
  });

  it('gives the longest recovery when everyone came back, and "no outage" only when nobody was cut off', () => {
    const back = { servers: {}, outages: [outage(10, 10, 0, 0, 60)], recovery_s: recovery(1, 300) };
    expect(cards(back)).toContain('everyone back after | 5m00s | longest outage recovery (recovery_s.max)');
    const none = { servers: {}, outages: [outage(0, 0, 0, 0, null)], recovery_s: recovery(0, null) };
    expect(cards(none)).toContain('everyone back after | no outage | no user lost service');
    const left = { servers: {}, outages: [outage(10, 0, 0, 0, null, 10)], recovery_s: recovery(0, null) };
    expect(cards(left)).toContain('everyone back after | all left while waiting');
  });

  it('says in how many replications everyone was back, and when 95% were, never "no outage"', () => {
    const stats = (mean: number, lo: number, hi: number, n?: number) => ({
      mean,
      sd: 1,
      ci95: [lo, hi],
      min: lo,
      max: hi,
      ...(n === undefined ? {} : { n }),
    });
    const replicated = (recovery_s: unknown) => ({
      replications: 3,
      metrics: { servers: {}, recovery_s: { max: null } },
      outagesByOrder: [
        {
          start: stats(7200, 7200, 7200),
          usersAffected: stats(14832, 14776, 14889),
          recovery_s,
          recovery95_s: stats(90.2, 88.2, 92.2),
        },
      ],
    });
    expect(cards(replicated(null))).toContain(
      'outage recovery | everyone back in 0 of 3 replications | 95% back after 1m30s (95% CI 1m28s – 1m32s)',
    );
    expect(cards(replicated(stats(300, 300, 300, 1)))).toContain(
      'outage recovery | everyone back in 1 of 3 replications | 95% back after 1m30s (95% CI 1m28s – 1m32s)',
    );
  });

  it("names the summary row of recovery_s.p95 apart from an outage's 95% back", () => {
    expect(totalsTable({ recovery_s: { p95: 300 } })).toContain(
      '<th scope="row">everyone back after, p95 across outages</th><td>5m00s</td>',
    );
  });
});
