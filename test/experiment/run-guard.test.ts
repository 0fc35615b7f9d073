// The runtime guard's checks: events every call, resident memory at most every 25 ms of wall time (a
// read is a system call, and a long run checks its guard thousands of times).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkGuard, RunStopped, type RunGuard } from '../../src/experiment/run/run-guard.js';

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
