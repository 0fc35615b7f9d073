// `branch --warmup auto` (and `--set warmup=auto`): the pilot pass continues every replication from the
// checkpoint, the samples before it read from the rows the run kept, so a branch with no other change
// finds the straight run's warm-up and writes its files byte for byte; a warm-up that would lie at or
// before the checkpoint is refused with one line, exit 2, nothing written.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { ensureBuilt } from './built-cli.js';
import { builtCli, SPLIT_FILES } from './split-run.js';

// An Erlang loss system started empty (40 places, 36 erlangs offered): MSER-5 puts its warm-up at
// 250 s for seed 7 and 20 replications, at 100 s for the single run (searching 0 to 500 s of 1,000 s).
const LOSS = `name: loss-from-empty
seed: 7
duration: 1000
sampleEvery: 10
topology:
  edition: enterprise
  pools:
    - { name: p, admissionLimitPerServer: 20, servers: [ { name: a }, { name: b } ] }
workload:
  arrivals: { rate: 0.36 }
  session: { dist: exponential, mean: 100 }
  initialConnected: 0
  retry: { maxAttempts: 0 }
`;

const REPS = ['--replications', '20', '--workers', '2'];
let dir = '';
let file = '';

beforeAll(() => {
  ensureBuilt();
  dir = tempDir();
  file = join(dir, 'loss.yaml');
  writeFileSync(file, LOSS);
}, 120_000);

function expectSameFiles(a: string, b: string): void {
  for (const f of SPLIT_FILES) {
    if (!existsSync(join(a, f))) continue;
    expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), `${b}/${f}`).toBe(true);
  }
}

const found = 'loss-from-empty: warm-up 250 s, found by MSER-5 on a pilot pass (searched 0 to 500 s)\n';

describe('branch --warmup auto', () => {
  it("finds the straight run's warm-up from a checkpoint before it and writes its files, replicated", () => {
    const straight = join(dir, 'straight');
    expect(builtCli('run', file, ...REPS, '--warmup', 'auto', '--out', straight, '--quiet').code).toBe(0);
    const run = join(dir, 'at-100');
    const r = builtCli('run', file, ...REPS, '--checkpoint-at', '100', '--out', run, '--quiet');
    expect(r).toEqual({ code: 0, out: '', err: '' });
    const out = join(dir, 'branch');
    const b = builtCli('branch', join(run, 'checkpoint.pchat'), '--warmup', 'auto', '--out', out);
    expect(b).toEqual({ code: 0, out: `${found}wrote ${out}/: the run from 100 s to its end\n`, err: '' });
    expectSameFiles(straight, out);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { warmup_s: number };
    expect(summary.warmup_s).toBe(250);
  });

  it('does so for a single run, and per point with --set warmup=auto beside a fixed warm-up', () => {
    const straight = join(dir, 'straight-1');
    expect(builtCli('run', file, '--warmup', 'auto', '--out', straight, '--quiet').code).toBe(0);
    const run = join(dir, 'at-50');
    expect(builtCli('run', file, '--checkpoint-at', '50', '--out', run, '--quiet').code).toBe(0);
    const out = join(dir, 'grid');
    const b = builtCli(
      'branch',
      join(run, 'checkpoint.pchat'),
      '--set',
      'warmup=auto,300',
      '--out',
      out,
      '--quiet',
    );
    expect(b).toEqual({ code: 0, out: '', err: '' });
    expectSameFiles(straight, join(out, 'warmup=auto'));
    const warmupOf = (d: string): unknown =>
      (JSON.parse(readFileSync(join(out, d, 'summary.json'), 'utf8')) as { warmup_s: unknown }).warmup_s;
    expect([warmupOf('base'), warmupOf('warmup=auto'), warmupOf('warmup=300')]).toEqual([0, 100, 300]);
  });

  it('refuses a search that cannot reach past the checkpoint, and a warm-up found at or before it', () => {
    const late = join(dir, 'at-600');
    expect(builtCli('run', file, ...REPS, '--checkpoint-at', '600', '--out', late, '--quiet').code).toBe(0);
    const out = join(dir, 'refused');
    expect(builtCli('branch', join(late, 'checkpoint.pchat'), '--warmup', 'auto', '--out', out)).toEqual({
      code: 2,
      out: '',
      err: `${file} [warmup=auto]: warmup auto searches for the warm-up from 0 to 500 s, all at or before the checkpoint at 600 s: checkpoint earlier, or give the warm-up as a time after it\n`,
    });
    const mid = join(dir, 'at-300');
    expect(builtCli('run', file, ...REPS, '--checkpoint-at', '300', '--out', mid, '--quiet').code).toBe(0);
    expect(builtCli('branch', join(mid, 'checkpoint.pchat'), '--warmup', 'auto', '--out', out)).toEqual({
      code: 2,
      out: '',
      err: `${file} [warmup=auto]: warmup auto: MSER-5 puts the warm-up at 250 s, at or before the checkpoint at 300 s: the summary cannot start in the past; checkpoint before 250 s, or give the warm-up as a time after the checkpoint\n`,
    });
    expect(existsSync(out)).toBe(false);
  });
});
