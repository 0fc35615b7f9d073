// Split-run equivalence through the built CLI: a run checkpointed at an instant before, during and after
// a fault or admin action (and inside an outage's failure window), branched on from each, gives the
// straight run's files byte for byte; the checkpointing run's own files are the straight run's (its
// committed goldens). Every shipped scenario at its instants, single and replicated, is `npm run
// validate`'s (test/validation/split-run.test.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './built-cli.js';
import { tempDir } from '../helpers.js';
import { builtCli, expectSameRun, splitChain } from './split-run.js';

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The checkpointing run's files are the golden straight run's. */
function expectGolden(name: string, dir: string): void {
  const golden = JSON.parse(readFileSync(join('test', 'golden', 'outputs', `${name}.json`), 'utf8')) as {
    summary: unknown;
    'timeline.csv': { sha256: string };
    'events.csv': { sha256: string };
  };
  expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toEqual(golden.summary);
  expect(sha(join(dir, 'timeline.csv'))).toBe(golden['timeline.csv'].sha256);
  expect(sha(join(dir, 'events.csv'))).toBe(golden['events.csv'].sha256);
}

/** The golden run's outage `i` has its failure window open at `t`: the checkpoint holds a window half done. */
function expectWindowSpans(name: string, i: number, t: number): void {
  const golden = JSON.parse(readFileSync(join('test', 'golden', 'outputs', `${name}.json`), 'utf8')) as {
    summary: { outages: { start: number; window: { end: number } }[] };
  };
  const o = golden.summary.outages[i];
  expect(
    o !== undefined && o.start < t && o.window.end > t,
    `${name}: outage ${i}'s window spans ${t} s`,
  ).toBe(true);
}

describe('split-run equivalence through the built CLI', () => {
  beforeAll(ensureBuilt, 120_000);

  // Before pc2 fails at 2h; while the promotion of its standby is pending; after its repair at 5h.
  it('default.yaml at 1h, 2h10m and 5h30m', () => {
    expectWindowSpans('default', 0, 7800);
    const folders = splitChain('scenarios/default.yaml', [3600, 7800, 19800]);
    expectGolden('default', folders[0] as string);
    expectSameRun(folders);

    // A changed window (or retry.maxDelay, its settle) applies to outages after the instant: pc2's keeps its own.
    const out = join(tempDir(), 'window');
    const set = ['--set', 'outageWindow.max=10m', '--set', 'workload.retry.maxDelay=1m'];
    const r = builtCli(
      'branch',
      join(folders[1] as string, 'checkpoint.pchat'),
      ...set,
      '--out',
      out,
      '--quiet',
    );
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const point = join(out, 'outageWindow.max=10m,workload.retry.maxDelay=1m', 'summary.json');
    const window = (f: string): unknown =>
      (JSON.parse(readFileSync(f, 'utf8')) as { outages: { window: unknown }[] }).outages[0]?.window;
    expect(window(point)).toEqual(window(join(folders[0] as string, 'summary.json')));
  });

  // Before dc1 is lost at 1h; during its outage (the site failover pending); during the failback (5h-5h30m).
  it('site-dr-failback.yaml at 50m, 1h55m and 5h10m', () => {
    expectWindowSpans('site-dr-failback', 0, 6900);
    expectWindowSpans('site-dr-failback', 1, 18600);
    const folders = splitChain('scenarios/site-dr-failback.yaml', [3000, 6900, 18600]);
    expectGolden('site-dr-failback', folders[0] as string);
    expectSameRun(folders);
  });

  // Before pc5's random failure (at 31.8 h); while it is down; after pc8's last repair.
  it('enterprise-multi.yaml at 1d, 1d9h and 6d12h', () => {
    const folders = splitChain('scenarios/enterprise-multi.yaml', [86400, 118800, 561600]);
    expectGolden('enterprise-multi', folders[0] as string);
    expectSameRun(folders);
  });

  it('a replicated run (standby-promotion.yaml, 2 replications) at 1h10s', () => {
    const folders = splitChain(
      'scenarios/standby-promotion.yaml',
      [3610],
      ['--replications', '2', '--workers', '2'],
    );
    expectSameRun(folders);
  });
});
