// The cost estimate and its runtime guard, through the built CLI: sign-ins arriving far faster than the
// pool admits, retried every 10 s without limit, are refused up front for the billions of retries they
// pile up; a run far past its estimate (a closed population held back by sign-in rate limits, its
// estimate cut 50 times short by the PCHAT_SIM_FAULT_ESTIMATE_SHORT seam, as an estimate missing what
// the run does would be) stops itself past 4 times its estimated events, exit 2, one line, nothing
// left; with --yes it runs. A branch answers to both, as its runs would; a plan's runs to the guard
// (its up-front refusal is in cli-options.test.ts).
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

/** The estimate of every run 50 times short (see estimate-seam.ts). */
const SHORT = { ...process.env, PCHAT_SIM_FAULT_ESTIMATE_SHORT: '50' };

function cli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

const RETRY = 'retry: { delay: { dist: fixed, mean: 10s }, backoff: 1 }';
const POOL =
  'topology: { edition: enterprise, pools: [ { name: p, signInRatePerServer: 1, servers: [ { name: a }, { name: b } ] } ] }';

describe('the cost of users piling up', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is estimated up front: 200 sign-ins per second at a pool admitting 2, for 6 hours, are refused', async () => {
    const dir = tempDir();
    const file = join(dir, 'pile.yaml');
    writeFileSync(
      file,
      `name: pile\nduration: 6h\n${POOL}\nworkload: { arrivals: { rate: 200 }, session: { dist: exponential, mean: 1h }, ${RETRY} }\n`,
    );
    expect(await cli(['run', file, '--out', join(dir, 'out')])).toEqual({
      code: 2,
      out: '',
      err: `${file}: this run is expected to need about 4.6e9 events (~39 min at 2.0e6 events/s); beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway\n`,
    });
    expect(readdirSync(dir)).toEqual(['pile.yaml']);
  });

  it('that the estimate misses stops the run past 4 times its events, leaving nothing; --yes runs it', async () => {
    const dir = tempDir();
    const file = join(dir, 'closed.yaml');
    // 20,000 users coming back every 20 minutes on average, 2 admitted per second: most wait and retry.
    writeFileSync(
      file,
      `name: closed\nduration: 2h\nsampleEvery: 10m\n${POOL}\nworkload: { population: 20000, offTime: { dist: exponential, mean: 10m }, session: { dist: exponential, mean: 10m }, ${RETRY} }\n`,
    );
    const stopped = await cli(['run', file, '--out', join(dir, 'out')], SHORT);
    expect(stopped.code).toBe(2);
    expect(stopped.out).toBe('');
    expect(stopped.err).toMatch(
      /^the run needs far more events than estimated \(9\.\de5 at t = \d+ s, estimated 2\.4e5 for the whole run\): retrying users pile up; add --yes to run it anyway\n$/,
    );
    expect(readdirSync(dir)).toEqual(['closed.yaml']);
    const confirmed = await cli(['run', file, '--out', join(dir, 'out'), '--yes', '--quiet'], SHORT);
    expect(confirmed).toEqual({ code: 0, out: '', err: '' });
    // The same through replications on worker threads: the worker's stop reaches the command.
    const replicated = await cli(
      ['run', file, '--replications', '2', '--workers', '2', '--out', join(dir, 'r')],
      SHORT,
    );
    expect(replicated.code).toBe(2);
    expect(replicated.err).toMatch(/^the run needs far more events than estimated \(9\.\de5 at t = \d+ s/);
    expect(readdirSync(dir).sort()).toEqual(['closed.yaml', 'out']);
  });
});

describe('the cost of a branch', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is estimated up front: a branch that makes sign-ins arrive far faster than the pool admits is refused', async () => {
    const dir = tempDir();
    const file = join(dir, 'pile.yaml');
    writeFileSync(
      file,
      `name: pile\nduration: 6h\n${POOL}\nworkload: { arrivals: { rate: 0.1 }, session: { dist: exponential, mean: 1h }, ${RETRY} }\n`,
    );
    const run = await cli(['run', file, '--checkpoint-at', '10m', '--out', join(dir, 'run'), '--quiet']);
    expect(run).toEqual({ code: 0, out: '', err: '' });
    const checkpoint = join(dir, 'run', 'checkpoint.pchat');
    const set = ['--set', 'workload.arrivals.rate=200'];
    // base/ and the point: each run estimated whole, from t = 0, as the first test's.
    expect(await cli(['branch', checkpoint, ...set, '--out', join(dir, 'out')])).toEqual({
      code: 2,
      out: '',
      err: `${checkpoint}: these 2 runs are expected to need about 4.6e9 events (~39 min at 2.0e6 events/s); beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway\n`,
    });
    expect(readdirSync(dir).sort()).toEqual(['pile.yaml', 'run']);
  });

  it('that the estimate misses stops past 4 times its events, leaving nothing; --yes runs it', async () => {
    const dir = tempDir();
    const file = join(dir, 'closed.yaml');
    writeFileSync(
      file,
      `name: closed\nduration: 1h\nsampleEvery: 10m\n${POOL}\nworkload: { population: 20000, offTime: { dist: exponential, mean: 10m }, session: { dist: exponential, mean: 10m }, ${RETRY} }\n`,
    );
    // A single run's continuation in this thread, and replications' on worker threads.
    for (const [i, extra] of [[], ['--replications', '2']].entries()) {
      const argv = ['run', file, ...extra, '--checkpoint-at', '1m', '--out', join(dir, `run${i}`)];
      expect(await cli([...argv, '--yes', '--quiet'])).toEqual({ code: 0, out: '', err: '' });
      const stopped = await cli(
        ['branch', join(dir, `run${i}`, 'checkpoint.pchat'), '--out', join(dir, 'b')],
        SHORT,
      );
      expect(stopped.code).toBe(2);
      expect(stopped.out).toBe('');
      // The events counter carries on from the checkpoint's, against the whole run's estimate.
      expect(stopped.err).toMatch(
        /^the run needs far more events than estimated \(\d\.\de5 at t = \d+ s, estimated 1\.1e5 for the whole run\): retrying users pile up; add --yes to run it anyway\n$/,
      );
      expect(readdirSync(dir).filter((f) => !f.startsWith('run'))).toEqual(['closed.yaml']);
    }
    const confirmed = await cli([
      'branch',
      join(dir, 'run0', 'checkpoint.pchat'),
      '--out',
      join(dir, 'b'),
      '--yes',
      '--quiet',
    ]);
    expect(confirmed).toEqual({ code: 0, out: '', err: '' });
  });
});

describe('the cost of a plan', () => {
  beforeAll(ensureBuilt, 120_000);

  it('stops a run of the plan past 4 times its events, leaving nothing; --yes runs it', async () => {
    const dir = tempDir();
    const file = join(dir, 'closed.yaml');
    // Like the run above, smaller: 400 users coming back every 20 minutes on average, 0.2 admitted per
    // second, so that the whole plan stays small with --yes.
    writeFileSync(
      file,
      `name: closed\nduration: 2h\nsampleEvery: 10m\ntopology: { edition: enterprise, pools: [ { name: p, capacityPerServer: 100, signInRatePerServer: 0.1, servers: [ { name: a }, { name: b } ] } ] }\nworkload: { population: 400, initialConnected: 100, offTime: { dist: exponential, mean: 10m }, session: { dist: exponential, mean: 10m }, ${RETRY} }\n`,
    );
    const plan = ['plan', file, '--users', '100', '--out', join(dir, 'out')];
    // The run that finds the failure instant (the peak), in this thread; with --fail-at, the candidates'
    // runs, on worker threads. Each is stopped against its own scenario's estimate.
    for (const extra of [[], ['--fail-at', '30m', '--workers', '2']]) {
      const stopped = await cli([...plan, ...extra], SHORT);
      expect(stopped.code).toBe(2);
      expect(stopped.out).toBe('');
      expect(stopped.err).toMatch(
        /^the run needs far more events than estimated \(\d\.\de\d at t = \d+ s, estimated \d\.\de\d for the whole run\): retrying users pile up; add --yes to run it anyway\n$/,
      );
      expect(readdirSync(dir)).toEqual(['closed.yaml']);
    }
    const confirmed = await cli([
      ...plan,
      '--replications',
      '1',
      '--max-replications',
      '1',
      '--yes',
      '--quiet',
    ]);
    expect(confirmed).toEqual({ code: 0, out: '', err: '' });
  });
});
