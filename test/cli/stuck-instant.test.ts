// A run stuck at one simulated instant (users refused there try again at once, for ever) stops itself
// past far more events than the instant can hold, with --yes too: exit 2, one line, nothing left. A
// legitimately busy instant (millions of retries at once) runs on. On the built CLI.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

const FIXTURES = join('test', 'fixtures', 'instants');
/** Past this a run is killed (code null): a run stuck for good shows so. */
const KILL_MS = 30_000;

function cli(...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUILT_CLI, ...argv], {
    encoding: 'utf8',
    timeout: KILL_MS,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(ensureBuilt, 120_000);

describe('a run stuck at one instant', () => {
  it(
    'stops, with --yes too: exit 2, one line naming the instant and the fix, nothing left',
    () => {
      const parent = tempDir();
      const file = join(FIXTURES, 'never-away.yaml');
      for (const extra of [['--yes'], ['--yes', '--replications', '2', '--workers', '2']]) {
        const r = cli('run', file, ...extra, '--out', join(parent, 'out'));
        expect(r).toEqual({
          code: 2,
          out: '',
          err: 'the run is stuck at t = 0 s: 4.2e6 events without the clock moving; users here come back or try again at once (a workload.offTime, workload.session or workload.retry.delay of 0 s); give them a time above 0 s\n',
        });
        expect(readdirSync(parent)).toEqual([]);
      }
    },
    2 * KILL_MS,
  );

  it(
    'stops in the pilot that looks for the warm-up (warmup: auto) of a run, replications and a sweep',
    () => {
      const parent = tempDir();
      const file = join(FIXTURES, 'never-away-auto.yaml');
      for (const argv of [
        ['run', file],
        ['run', file, '--replications', '2', '--workers', '2'],
        ['sweep', file, '--set', 'seed=1,2', '--replications', '1'],
      ]) {
        const r = cli(...argv, '--yes', '--out', join(parent, 'out'));
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.err).toMatch(/^the run is stuck at t = 0 s: .*\n$/);
        expect(readdirSync(parent)).toEqual([]);
      }
    },
    3 * KILL_MS,
  );
});

describe('a legitimately busy instant', () => {
  it(
    'runs on: 20,000 users retrying 250 times at once, 5.0e6 events at t = 3630 s',
    () => {
      const out = join(tempDir(), 'out');
      const r = cli('run', join(FIXTURES, 'refusal-storm.yaml'), '--quiet', '--out', out);
      expect(r).toEqual({ code: 0, out: '', err: '' });
      expect(readdirSync(out)).toContain('summary.json');
    },
    KILL_MS,
  );
});
