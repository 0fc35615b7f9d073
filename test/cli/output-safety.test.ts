// Output safety end to end: an existing results folder is replaced only with --force and never when
// it holds someone else's files; a run killed with SIGINT or SIGTERM leaves no partial output; a run
// far beyond what a planner expects is refused up front unless --yes.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const SMALL = 'scenarios/standard-separate.yaml';

/** About 5e7 events (tens of seconds): long enough to be interrupted, within the cost limits. */
const LONG = `name: long
duration: 30d
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b } ] } ] }
workload: { arrivals: { rate: 10 }, session: { dist: exponential, mean: 1h } }
`;

describe('an existing results folder', () => {
  it('is refused without --force and left byte for byte as it was', async () => {
    const out = join(tempDir(), 'r');
    expect((await cli('run', SMALL, '--out', out, '--quiet')).code).toBe(0);
    const before = readFileSync(join(out, 'summary.json'));
    const r = await cli('run', SMALL, '--out', out, '--quiet', '--seed', '9');
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`${out}: the results folder exists; add --force to replace it`);
    expect(readFileSync(join(out, 'summary.json')).equals(before)).toBe(true);
  });

  it('is replaced with --force', async () => {
    const out = join(tempDir(), 'r');
    await cli('run', SMALL, '--out', out, '--quiet');
    const r = await cli('run', SMALL, '--out', out, '--quiet', '--force', '--seed', '9');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ seed: 9 });
    expect(readdirSync(join(out, '..'))).toEqual(['r']);
  });

  it('is never replaced when it holds a file pchat-sim did not write', async () => {
    const out = join(tempDir(), 'r');
    await cli('run', SMALL, '--out', out, '--quiet');
    writeFileSync(join(out, 'notes.txt'), 'my notes');
    const r = await cli('run', SMALL, '--out', out, '--quiet', '--force');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/holds files pchat-sim did not write \(notes\.txt\)/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
  });
});

describe('the up-front cost estimate', () => {
  it('refuses a run of billions of events before writing anything, naming the estimate', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, LONG.replace('rate: 10 ', 'rate: 100000 ').replace('30d', '365d'));
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(
      `${file}: this run is expected to need about 1.9e13 events (~110 days at 2.0e6 events/s), about 48 GB of memory; beyond 2.0e9 events or 4.0 GB, add --yes to run it anyway`,
    );
    expect(readdirSync(dir)).toEqual(['huge.yaml']);
  });
});

describe('an interrupted run', () => {
  beforeAll(ensureBuilt, 120_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`leaves no partial output on ${signal} and says so`, async () => {
      const dir = tempDir();
      const file = join(dir, 'long.yaml');
      writeFileSync(file, LONG);
      const out = join(dir, 'out');
      const child = spawn(process.execPath, [BUILT_CLI, 'run', file, '--out', out], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.on('exit', (code, sig) => resolve({ code, signal: sig })),
      );
      await waitFor(() => readdirSync(dir).some((f) => f.startsWith('.out.partial-')), 20_000);
      await sleep(500); // well into the run: rows are being written
      expect(readdirSync(dir).find((f) => f.startsWith('.out.partial-'))).toBeDefined();
      child.kill(signal);
      const end = await exited;
      expect(end).toEqual({ code: null, signal });
      expect(stderr).toBe(
        `pchat-sim: interrupted by ${signal}; removed the partial results, ${out} is as it was\n`,
      );
      expect(readdirSync(dir)).toEqual(['long.yaml']);
    });
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(ok: () => boolean, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > until) throw new Error('timed out waiting for the run to start');
    await sleep(20);
  }
}
