// Worker threads need compiled JavaScript, so this test runs the built CLI (dist/, rebuilt first when
// stale) as a user would: results must not depend on --workers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../cli/built-cli.js';
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

const build = 'dist';
let scenario = '';

function cli(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(build, 'cli', 'main.js'), ...argv], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sh(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): { status: number | null; stderr: string } {
  const r = spawnSync('sh', ['-c', script, 'sh', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { status: r.status, stderr: r.stderr };
}

let whole = '';

/** The 6 replications as one run (the same with any --workers), made once for every merge to equal. */
function wholeRun(): string {
  if (whole === '') {
    const out = join(tempDir(), 'whole');
    expect(
      cli('run', scenario, '--replications', '6', '--workers', '2', '--out', out, '--quiet').status,
    ).toBe(0);
    whole = out;
  }
  return whole;
}

const FILES = ['summary.json', 'timeline.csv', 'timeline-bands.csv', 'events.csv'];

function expectSameFiles(a: string, b: string): void {
  for (const f of FILES) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
}

beforeAll(() => {
  ensureBuilt();
  scenario = join(tempDir(), 'churny.yaml');
  writeFileSync(scenario, SCENARIO);
}, 200_000);

describe('parallel replications (compiled CLI)', () => {
  it('builds a worker module next to the experiment code', () => {
    expect(existsSync(join(build, 'experiment', 'run', 'worker.js'))).toBe(true);
    expect(existsSync(join(build, 'cli', 'main.js'))).toBe(true);
  });

  it('writes byte-identical replication results with 1 and 2 worker threads', () => {
    const dir = tempDir();
    for (const w of ['1', '2']) {
      const r = cli(
        'run',
        scenario,
        '--replications',
        '6',
        '--workers',
        w,
        '--warmup',
        '1h',
        '--out',
        join(dir, w),
        '--quiet',
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    expectSameFiles(join(dir, '1'), join(dir, '2'));
    expect(JSON.parse(readFileSync(join(dir, '1', 'run.json'), 'utf8')).worker_threads).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, '2', 'run.json'), 'utf8')).worker_threads).toBe(2);
  });

  it('writes a byte-identical sweep with 1 and 2 worker threads', () => {
    const dir = tempDir();
    for (const w of ['1', '2']) {
      const r = cli(
        'sweep',
        scenario,
        '--set',
        'workload.initialConnected=300..500:100',
        '--set',
        'topology.pools[0].servers=2,3',
        '--replications',
        '3',
        '--workers',
        w,
        '--out',
        join(dir, w),
        '--quiet',
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const csv = readFileSync(join(dir, '1', 'sweep.csv'), 'utf8');
    expect(readFileSync(join(dir, '2', 'sweep.csv'), 'utf8')).toBe(csv);
    expect(csv.trim().split('\n')).toHaveLength(1 + 6);
  });

  it('runs the Slurm array script as 3 array tasks whose merge equals the single run', () => {
    const dir = tempDir();
    for (const id of ['1', '2', '3']) {
      // As `sbatch --array=1-3`: the script counts shards from the array's first index.
      const env = {
        SLURM_ARRAY_TASK_ID: id,
        SLURM_ARRAY_TASK_MIN: '1',
        SLURM_ARRAY_TASK_COUNT: '3',
        SLURM_CPUS_PER_TASK: '1',
        RESULTS_DIR: dir,
        PCHAT_SIM: `${process.execPath} ${join(build, 'cli', 'main.js')}`,
      };
      expect(sh('exec bash deploy/slurm-shards.sh "$@"', [scenario, '6'], env)).toEqual({
        status: 0,
        stderr: '',
      });
    }
    const shards = [0, 1, 2].map((i) => join(dir, 'churny', `shard-${i}`));
    expect(cli('merge', ...shards, '--out', join(dir, 'merged'), '--quiet').status).toBe(0);
    expectSameFiles(wholeRun(), join(dir, 'merged'));
  });

  it('runs the Kubernetes Indexed Job command per JOB_COMPLETION_INDEX, and its merge equals the single run', async () => {
    const { parse } = await import('yaml');
    const job = parse(readFileSync('deploy/kubernetes/shards-job.yaml', 'utf8'));
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0];
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value: string }) => [e.name, e.value]),
    );
    expect(Number(env.SHARDS)).toBe(job.spec.completions);
    const command: string = container.args[0];
    expect(command).toContain('--shard "$JOB_COMPLETION_INDEX/$SHARDS"');
    const dir = tempDir();
    const local = command
      .replaceAll('/app/dist/cli/main.js', join(build, 'cli', 'main.js'))
      .replaceAll('/results/', `${dir}/`);
    for (const i of ['0', '1', '2']) {
      expect(
        sh(local, [], {
          JOB_COMPLETION_INDEX: i,
          SHARDS: '3',
          SCENARIO: scenario,
          REPLICATIONS: '6',
          EXPERIMENT: 'exp',
        }),
      ).toEqual({ status: 0, stderr: '' });
    }
    const merge = parse(readFileSync('deploy/kubernetes/merge-job.yaml', 'utf8')).spec.template.spec
      .containers[0].args[0] as string;
    const localMerge = merge
      .replaceAll('/app/dist/cli/main.js', join(build, 'cli', 'main.js'))
      .replaceAll('/results/', `${dir}/`);
    expect(sh(localMerge, [], { EXPERIMENT: 'exp' })).toEqual({ status: 0, stderr: '' });
    expectSameFiles(wholeRun(), join(dir, 'exp', 'merged'));
  });
});
