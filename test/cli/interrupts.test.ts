// Interrupts are honoured within about a second, always, through the built CLI:
// with one timeline sample for the whole run, with in-thread replications and --quiet, with a pool
// whose refused users retry at the same instant, with replications on worker threads, and in sweep and
// plan. The run seam yields every 50 ms or 2^20 events.
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

/** Tens of seconds of work at least; `extra` adds keys. */
const scenario = (extra: string): string => `name: long
duration: 30d
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b } ] } ] }
workload: { arrivals: { rate: 10 }, session: { dist: exponential, mean: 1h } }
${extra}`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function interruptAfter(
  text: string,
  args: string[],
  signal: NodeJS.Signals,
  /** How long after the run began (its staging folder made). */
  afterMs: number,
  command = 'run',
): Promise<{
  code: number | null;
  signal: string | null;
  reactionMs: number;
  left: string[];
  stderr: string;
}> {
  const dir = tempDir();
  const file = join(dir, 's.yaml');
  writeFileSync(file, text);
  const argv = [BUILT_CLI, command, file, '--out', join(dir, 'out'), ...args];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on('exit', (code, sig) => done({ code, signal: sig })),
  );
  // The run has begun when its staging folder exists (a loaded machine may take seconds to get there).
  const until = performance.now() + 60_000;
  while (!readdirSync(dir).some((f) => f.startsWith('.out.partial-')) && performance.now() < until)
    await sleep(20);
  await sleep(afterMs);
  const sent = performance.now();
  child.kill(signal);
  const end = await exited;
  return { ...end, reactionMs: performance.now() - sent, left: readdirSync(dir), stderr };
}

describe('an interrupt', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is honoured within a second when the run takes one sample for its whole duration', async () => {
    const r = await interruptAfter(scenario('sampleEvery: 30d\n'), [], 'SIGINT', 1000);
    expect(r).toMatchObject({ code: null, signal: 'SIGINT', left: ['s.yaml'] });
    expect(r.reactionMs).toBeLessThan(1000);
  });

  it('is honoured within a second by in-thread replications with --quiet', async () => {
    const r = await interruptAfter(
      scenario(''),
      ['--replications', '4', '--workers', '1', '--quiet'],
      'SIGINT',
      1000,
    );
    expect(r).toMatchObject({ code: null, signal: 'SIGINT', left: ['s.yaml'] });
    expect(r.reactionMs).toBeLessThan(1000);
  });

  it('is honoured within a second by 30,000 short replications in this thread', async () => {
    const short = `name: short
duration: 10m
sampleEvery: 10m
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a } ] } ] }
workload: { arrivals: { rate: 0.1 }, session: { dist: exponential, mean: 5m }, initialConnected: 20 }
`;
    const r = await interruptAfter(
      short,
      ['--replications', '30000', '--workers', '1', '--quiet'],
      'SIGINT',
      1000,
    );
    expect(r).toMatchObject({ code: null, signal: 'SIGINT', left: ['s.yaml'] });
    expect(r.reactionMs).toBeLessThan(1000);
  });

  it('is honoured within a second while refused users retry at one instant', async () => {
    const full = scenario('').replace(
      'mean: 1h } }',
      'mean: 10h }, retry: { delay: { dist: fixed, mean: 0s }, maxAttempts: 1000000000 } }',
    );
    const r = await interruptAfter(full, ['--yes'], 'SIGTERM', 1000);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM', left: ['s.yaml'] });
    expect(r.reactionMs).toBeLessThan(1000);
  });

  it('is honoured within a second by replications on worker threads', async () => {
    const r = await interruptAfter(scenario(''), ['--replications', '4', '--workers', '2'], 'SIGTERM', 1000);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM', left: ['s.yaml'] });
    expect(r.stderr).toMatch(/interrupted by SIGTERM; removed the partial results/);
    expect(r.reactionMs).toBeLessThan(1000);
  });

  it('is honoured within a second by sweep and plan running in this thread', async () => {
    const text = scenario('').replace('mean: 1h } }', 'mean: 1h }, initialConnected: 100 }');
    const sweep = ['--set', 'seed=1,2', '--replications', '1', '--workers', '1', '--quiet'];
    const plan = ['--users', '100', '--workers', '1', '--yes', '--quiet'];
    for (const [command, args] of [
      ['sweep', sweep],
      ['plan', plan],
    ] as const) {
      const r = await interruptAfter(text, [...args], 'SIGINT', 1000, command);
      expect(r).toMatchObject({ code: null, signal: 'SIGINT', left: ['s.yaml'] });
      expect(r.stderr).toMatch(/interrupted by SIGINT; removed the partial results/);
      expect(r.reactionMs).toBeLessThan(1000);
    }
  });
});
