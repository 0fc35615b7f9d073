// `npm run validate` only (vitest.config.ts leaves it out of `npm test`): the heavy cases of output
// safety through the built CLI. Ctrl-C within a second in a 10,000-run sweep in one thread, and in a
// --yes sweep at the grid limit, whose memory stays under 1 GB (never run to its end); and, as root on
// a real tmpfs, a disk full (no space, no inodes) when the lock is taken, and an immutable file in a
// folder --force would replace. Each leaves nothing behind.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../src/experiment/sweep/sweep-spec.js';
import { BUILT_CLI, ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Child {
  readonly pid: number;
  readonly ended: Promise<{ code: number | null; signal: string | null; err: string }>;
  kill(signal: NodeJS.Signals): void;
}

function cli(args: string[]): Child {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    pid: child.pid ?? 0,
    ended: new Promise((done) => child.on('close', (code, signal) => done({ code, signal, err }))),
    kill: (s) => child.kill(s),
  };
}

/** Waits until the command's staging folder exists in `dir`: its run has begun. */
async function begun(dir: string, out: string, timeoutMs = 300_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!readdirSync(dir).some((f) => f.startsWith(`.${out}.partial-`))) {
    if (performance.now() > until) throw new Error(`${out}: the run never began`);
    await sleep(50);
  }
}

/** The resident memory of process `pid`, bytes. */
function rss(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) * 1024;
}

const SHORT = `name: short
duration: 10m
sampleEvery: 10m
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a } ] } ] }
workload: { arrivals: { rate: 0.1 }, session: { dist: exponential, mean: 5m }, initialConnected: 20 }
`;

describe('Ctrl-C in a sweep', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is honoured within a second by a 10,000-run sweep in this thread', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), SHORT);
    const args = ['--set', 'seed=1..10000:1', '--replications', '1', '--workers', '1', '--quiet'];
    const run = cli(['sweep', join(dir, 's.yaml'), '--out', join(dir, 'out'), ...args]);
    await begun(dir, 'out');
    await sleep(2000);
    const sent = performance.now();
    run.kill('SIGINT');
    const end = await run.ended;
    expect(performance.now() - sent).toBeLessThan(1000);
    expect(end).toMatchObject({ code: null, signal: 'SIGINT' });
    expect(readdirSync(dir)).toEqual(['s.yaml']);
  }, 600_000);

  it(`is honoured within a second at the grid limit (${MAX_POINTS} points, --yes), under 1 GB after 10 s`, async () => {
    const dir = tempDir();
    const args = ['--set', `seed=1..${MAX_POINTS}:1`, '--yes', '--quiet'];
    const run = cli(['sweep', 'scenarios/default.yaml', '--out', join(dir, 'out'), ...args]);
    await begun(dir, 'out');
    await sleep(10_000);
    const bytes = rss(run.pid);
    console.log(`grid-limit sweep: ${Math.round(bytes / 1e6)} MB resident 10 s after its runs began`);
    expect(bytes).toBeLessThan(1e9);
    const sent = performance.now();
    run.kill('SIGINT');
    const end = await run.ended;
    expect(performance.now() - sent).toBeLessThan(1000);
    expect(end).toMatchObject({ code: null, signal: 'SIGINT' });
    expect(readdirSync(dir)).toEqual([]);
  }, 900_000);
});

const root = process.getuid?.() === 0;
if (!root) console.log('skipped the tmpfs tests (disk full at the lock, immutable file): they need root');

/** A fresh tmpfs with `options`, unmounted and removed after `body`; false when mounting is not allowed. */
async function onTmpfs(options: string, body: (mnt: string) => Promise<void>): Promise<boolean> {
  const mnt = tempDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mnt]);
  } catch {
    console.log('skipped a tmpfs test: mount -t tmpfs failed (no CAP_SYS_ADMIN here)');
    rmdirSync(mnt);
    return false;
  }
  try {
    await body(mnt);
  } finally {
    execFileSync('umount', [mnt]);
    rmdirSync(mnt);
  }
  return true;
}

/** Fills the file system at `dir` with small files until it refuses one. */
function fill(dir: string, bytes: number): void {
  mkdirSync(join(dir, 'filler'));
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, 'filler', `f${i}`), Buffer.alloc(bytes));
    } catch {
      return;
    }
  }
}

describe.skipIf(!root)('a real tmpfs', () => {
  beforeAll(ensureBuilt, 120_000);

  for (const [what, options, bytes] of [
    ['no space', 'size=128k', 4096],
    ['no inodes', 'size=4m,nr_inodes=64', 0],
  ] as const)
    it(`with ${what} when the lock is taken: one line, exit 1, nothing left`, async () => {
      await onTmpfs(options, async (mnt) => {
        fill(mnt, bytes);
        const out = join(mnt, 'out');
        const end = await cli(['run', 'scenarios/standard-separate.yaml', '--out', out]).ended;
        expect(end).toEqual({ code: 1, signal: null, err: `pchat-sim: no space left on ${out}\n` });
        expect(readdirSync(mnt)).toEqual(['filler']);
      });
    });

  it('with an immutable file in the results folder: --force refuses up front, the folder as it was', async () => {
    await onTmpfs('size=8m', async (mnt) => {
      const res = join(mnt, 'res');
      const small = 'scenarios/standard-separate.yaml';
      expect((await cli(['run', small, '--out', res, '--quiet']).ended).code).toBe(0);
      const before = readFileSync(join(res, 'summary.json'));
      const stuck = join(res, 'summary.json');
      execFileSync('chattr', ['+i', stuck]);
      try {
        const end = await cli(['run', small, '--out', res, '--quiet', '--force', '--seed', '9']).ended;
        expect(end).toEqual({
          code: 2,
          signal: null,
          err: `${stuck}: cannot remove it (operation not permitted); --force cannot replace ${res}, which is left as it was\n`,
        });
      } finally {
        execFileSync('chattr', ['-i', stuck]);
      }
      expect(readFileSync(join(res, 'summary.json')).equals(before)).toBe(true);
      expect(readdirSync(mnt)).toEqual(['res']);
    });
  });
});
