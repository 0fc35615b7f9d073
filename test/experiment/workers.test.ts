// Worker threads need compiled JavaScript, so this test builds the CLI into a private folder (inside the
// repository, so node_modules resolves) and runs it as a user would: results must not depend on --workers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const SCENARIO = `name: churny
seed: 9
duration: 4h
sampleEvery: 5m
topology:
  edition: enterprise
  pools:
    - name: p
      capacityPerServer: 300
      servers: [{ name: a }, { name: b }, { name: c }, { name: s, role: standby }]
workload:
  arrivals: { rate: 0.1 }
  session: { dist: exponential, mean: 1h }
  initialConnected: 360
faults:
  - { random: { servers: all, mtbf: { dist: exponential, mean: 3h }, mttr: { dist: exponential, mean: 30m } } }
failover: { promoteStandbyAfter: 10m }
`;

let build = '';
let scenario = '';

function cli(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(build, 'cli', 'main.js'), ...argv], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  mkdirSync('.vitest-tmp', { recursive: true });
  build = mkdtempSync(join('.vitest-tmp', 'build-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // Emits even if another file has a type error; the files this test needs are checked below.
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', build, '--sourceMap', 'false'], { encoding: 'utf8', timeout: 180_000 });
  scenario = join(tempDir(), 'churny.yaml');
  writeFileSync(scenario, SCENARIO);
}, 200_000);

afterAll(() => {
  if (build !== '') rmSync(build, { recursive: true, force: true });
});

describe('parallel replications (compiled CLI)', () => {
  it('builds a worker module next to the experiment code', () => {
    expect(existsSync(join(build, 'experiment', 'worker.js'))).toBe(true);
    expect(existsSync(join(build, 'cli', 'main.js'))).toBe(true);
  });

  it('writes byte-identical replication results with 1 and 2 worker threads', () => {
    const dir = tempDir();
    for (const w of ['1', '2']) {
      const r = cli('run', scenario, '--replications', '6', '--workers', w, '--warmup', '1h', '--out', join(dir, w), '--quiet');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    for (const f of ['summary.json', 'timeline.csv', 'timeline-bands.csv', 'events.csv']) {
      expect(readFileSync(join(dir, '2', f)).equals(readFileSync(join(dir, '1', f))), f).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(dir, '1', 'run.json'), 'utf8')).worker_threads).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, '2', 'run.json'), 'utf8')).worker_threads).toBe(2);
  });

  it('writes a byte-identical sweep with 1 and 2 worker threads', () => {
    const dir = tempDir();
    for (const w of ['1', '2']) {
      const r = cli('sweep', scenario, '--set', 'workload.initialConnected=300..500:100', '--set', 'topology.pools[0].servers=2,3', '--replications', '3', '--workers', w, '--out', join(dir, w), '--quiet');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const csv = readFileSync(join(dir, '1', 'sweep.csv'), 'utf8');
    expect(readFileSync(join(dir, '2', 'sweep.csv'), 'utf8')).toBe(csv);
    expect(csv.trim().split('\n')).toHaveLength(1 + 6);
  });
});
