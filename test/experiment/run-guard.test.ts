// The runtime guard's checks: events every call, resident memory at most every 25 ms of wall time (a
// read is a system call, and a long run checks its guard thousands of times), and the clock standing
// still far past what one instant can hold, --yes or not.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkGuard,
  GuardWatch,
  RunStopped,
  stillLimit,
  type RunGuard,
} from '../../src/experiment/run/run-guard.js';
import type { ChatWorld } from '../../src/model/chat-world.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

const roomy: RunGuard = { maxEvents: 100, estimatedEvents: 25, maxRssBytes: Infinity, estimatedBytes: 1e6 };
const tight: RunGuard = { ...roomy, maxRssBytes: 1 };

/** Sets the wall clock the guard reads, ms. */
function clockAt(ms: number): void {
  vi.spyOn(performance, 'now').mockReturnValue(ms);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the runtime guard', () => {
  it('stops a run past its events at every check', () => {
    clockAt(1e9);
    expect(() => checkGuard(roomy, 100, 60)).not.toThrow();
    expect(() => checkGuard(roomy, 101, 60)).toThrow(RunStopped);
    expect(() => checkGuard(roomy, 101, 60)).toThrow(/far more events than estimated \(1\.0e2 at t = 60 s/);
  });

  it('reads memory at most every 25 ms: a run past its memory stops at the next read', () => {
    clockAt(2e9);
    expect(() => checkGuard(tight, 1, 7)).toThrow(
      /far more memory than estimated \(\d+ MB at t = 7 s, estimated 1 MB, limit 0 MB\)/,
    );
    clockAt(2e9 + 24);
    expect(() => checkGuard(tight, 2, 8)).not.toThrow();
    clockAt(2e9 + 25);
    expect(() => checkGuard(tight, 3, 9)).toThrow(RunStopped);
  });
});

/** A world's clock and events at a check, with the users its table holds room for. */
function worldAt(
  file: string,
  users: number,
): { world: Pick<ChatWorld, 'config' | 'sim' | 'users'>; at: (events: number, now: number) => void } {
  const sim = { eventsProcessed: 0, now: 0 };
  const world = { config: loadScenarioFile(file), sim, users: { capacity: users } } as unknown as Pick<
    ChatWorld,
    'config' | 'sim' | 'users'
  >;
  return { world, at: (events, now) => Object.assign(sim, { eventsProcessed: events, now }) };
}

describe('the clock guard', () => {
  const confirmed: RunGuard = { ...roomy, maxEvents: Infinity };

  it('stops a run whose clock stands still past its limit, seen from the last check it moved', () => {
    clockAt(3e9);
    // 30 users never away, no retries: 2^22 + 8 × (30 × 3 + 2 servers) events.
    const { world, at } = worldAt('test/fixtures/instants/never-away.yaml', 1024);
    expect(stillLimit(world.config, 30)).toBe(4_195_040);
    const watch = new GuardWatch(confirmed, world);
    at(16_384, 5);
    watch.check();
    at(4_211_424, 5);
    expect(() => watch.check()).not.toThrow();
    at(4_211_425, 5);
    expect(() => watch.check()).toThrow(
      'the run is stuck at t = 5 s: 4.2e6 events without the clock moving; users here come back or try again at once (a workload.offTime, workload.session or workload.retry.delay of 0 s); give them a time above 0 s',
    );
    // The clock moves: the count starts again.
    at(4_211_425, 5.5);
    watch.check();
    at(8_000_000, 5.5);
    expect(() => watch.check()).not.toThrow();
  });

  it("bounds an open model's instant by the users its table holds room for at the check", () => {
    clockAt(4e9);
    // Sign-ins arriving without end, retried without limit (each above 0 s): 2^22 + 8 × (users × 4 + 8 servers + 2 faults).
    const { world, at } = worldAt('scenarios/default.yaml', 60_000);
    const watch = new GuardWatch(confirmed, world);
    watch.check();
    const limit = stillLimit(world.config, 120_000);
    expect(limit).toBe(8_034_384);
    at(limit, 0);
    expect(() => watch.check()).toThrow(RunStopped);
    (world.users as { capacity: number }).capacity = 120_000;
    expect(() => watch.check()).not.toThrow();
    at(limit + 1, 0);
    expect(() => watch.check()).toThrow(RunStopped);
  });

  it("leaves a legitimately busy instant far below the limit: the refusal storm's 5,020,000 events", () => {
    // 80,000 users on at t = 0, 250 retries: 2^22 + 8 × (80,000 × 253 + 4 servers + 1 fault).
    const limit = stillLimit(loadScenarioFile('test/fixtures/instants/refusal-storm.yaml'), 80_000);
    expect(limit).toBe(166_114_344);
    expect(limit).toBeGreaterThan(30 * 5_020_000);
  });

  it('leaves 100,000,000 sign-ins at one instant, each retried 5 times, far below the limit', () => {
    const config = loadScenarioFile('bench/scenarios/hundred-million-users-day.yaml');
    expect(stillLimit(config, 1e8)).toBeGreaterThan(8 * 6 * 1e8);
  });

  it('checks nothing without a guard', () => {
    const { world, at } = worldAt('test/fixtures/instants/never-away.yaml', 1024);
    const watch = new GuardWatch(null, world);
    watch.check();
    at(1e12, 0);
    expect(() => watch.check()).not.toThrow();
  });
});
