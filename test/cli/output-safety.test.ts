// Output safety end to end: an existing results folder is replaced only with --force and never when
// it holds someone else's files; a run killed with SIGINT or SIGTERM leaves no partial output; a run
// far beyond what a planner expects is refused up front unless --yes; an --out that cannot be a
// results folder (empty, the root, under a file, on a read-only mount, a mount point) is one line, exit 2.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { countWorlds, tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

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

describe('an --out path that cannot be a results folder', () => {
  it('is refused with one line and exit 2 before anything runs: empty, the root, under a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'x');
    const under = join(dir, 'afile', 'x');
    const cases: [string, string][] = [
      ['', '--out: expected a folder path; received an empty string'],
      ['/', '/: is the root of the file system; choose a folder to create'],
      [under, `${under}: ${join(dir, 'afile')} is a file, not a folder`],
    ];
    for (const cmd of [
      ['run', SMALL],
      ['run', SMALL, '--replications', '2'],
      ['sweep', SMALL, '--set', 'seed=1,2'],
    ])
      for (const [out, message] of cases) {
        const r = await cli(...cmd, '--out', out, '--quiet');
        expect([r.code, r.err[0]]).toEqual([2, message]);
        expect(r.out).toEqual([]);
      }
    expect(readdirSync(dir)).toEqual(['afile']);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('x');
  });

  const root = process.getuid?.() === 0;
  if (!root) console.log('skipped the read-only mount test: it needs root to mount a tmpfs');
  it.skipIf(!root)(
    'is refused on a real read-only tmpfs and bind mount, and as a mount point, with one line and exit 2',
    async () => {
      const dir = tempDir();
      const [ro, mp, src, bind] = ['ro', 'mp', 'src', 'bind'].map((d) => join(dir, d)) as [
        string,
        string,
        string,
        string,
      ];
      for (const d of [ro, mp, src, bind]) mkdirSync(d);
      mkdirSync(join(src, 'existing'));
      const mounted: string[] = [];
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', ro]);
        mounted.push(ro);
        mkdirSync(join(ro, 'existing'));
        execFileSync('mount', ['-o', 'remount,ro', ro]);
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mp]);
        mounted.push(mp);
        execFileSync('mount', ['--bind', '-o', 'ro', src, bind]);
        mounted.push(bind);
      } catch {
        console.log('skipped the read-only mount test: mount failed (no CAP_SYS_ADMIN here)');
        for (const m of mounted.reverse()) execFileSync('umount', [m]);
        return;
      }
      try {
        const readOnly = (out: string, at: string): [string, string] => [
          out,
          `${out}: cannot create it in ${at}: it is on a read-only file system`,
        ];
        const mountPoint = (out: string): [string, string] => [
          out,
          `${out}: is a mount point; pchat-sim stages results beside the folder and renames them into place, which a mount point cannot take: choose a folder inside it`,
        ];
        const cases = [
          readOnly(join(ro, 'x'), ro),
          readOnly(join(ro, 'existing'), ro),
          readOnly(join(ro, 'existing', 'new', 'deeper'), join(ro, 'existing')),
          readOnly(join(bind, 'new'), bind),
          readOnly(join(bind, 'existing'), bind),
          mountPoint(ro), // an empty read-only file system: its parent is writable, the folder is not
          mountPoint(mp), // an empty writable one: it could not be renamed into place (EBUSY)
          mountPoint(bind), // a bind mount lives on its parent's device: found in /proc/self/mountinfo
        ];
        for (const [out, message] of cases)
          for (const force of [[], ['--force']]) {
            const r = await cli('run', SMALL, '--out', out, '--quiet', ...force);
            expect([r.code, r.err[0]]).toEqual([2, message]);
          }
        expect(readdirSync(ro)).toEqual(['existing']);
        expect(readdirSync(mp)).toEqual([]);
        expect(readdirSync(src)).toEqual(['existing']);
        expect(readdirSync(dir).sort()).toEqual(['bind', 'mp', 'ro', 'src']);
      } finally {
        for (const m of mounted.reverse()) execFileSync('umount', [m]);
        for (const d of [ro, mp, bind]) rmdirSync(d);
      }
    },
  );
});

describe('the up-front cost estimate', () => {
  it('refuses a run of billions of events before writing anything, naming the estimate', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.yaml');
    writeFileSync(
      file,
      LONG.replace('rate: 10 ', 'rate: 100000 ')
        .replace('30d', '365d')
        .replace('name: p,', 'name: p, admissionLimitPerServer: 20000,'),
    );
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    // 100,000 sign-ins per second at two servers that free 11 places per second once full: nearly all
    // wait and retry for the rest of the year, and their records stay.
    expect(r.err[0]?.replace(/this machine's [\d.]+ [kMGTPE]?B/, "this machine's M")).toBe(
      `${file}: this run is expected to need about 5.5e16 events (~876 years at 2.0e6 events/s), about 278 TB of memory, more than 70% of this machine's M; beyond 2.0e9 events or 4.0 GB of output, add --yes to run it anyway`,
    );
    expect(readdirSync(dir)).toEqual(['huge.yaml']);
  });
});

describe('the timeline limits', () => {
  const tiny = (duration: string, sampleEvery: string): string =>
    LONG.replace('30d', duration).replace('rate: 10 ', 'rate: 0.001 ') + `sampleEvery: ${sampleEvery}\n`;

  it('refuse 8.6e8 timeline rows even with --yes, at once and before building anything', async () => {
    const dir = tempDir();
    const file = join(dir, 'fine.yaml');
    writeFileSync(file, tiny('10d', '1ms'));
    for (const extra of [[], ['--replications', '2'], ['--replications', '2', '--workers', '2']]) {
      const { result: r, worlds } = await countWorlds(() =>
        cli('run', file, '--yes', '--quiet', '--out', join(dir, 'o'), ...extra),
      );
      // 8.6e8 sample times alone would be 6.9 GB as doubles: refused before any world is built.
      expect(worlds).toBe(0);
      expect([r.code, r.err[0]]).toEqual([
        2,
        `${file}: sampleEvery gives 8.6e8 timeline rows; a run holds at most 1.0e8: raise sampleEvery or shorten the duration`,
      ]);
    }
    expect(readdirSync(dir)).toEqual(['fine.yaml']);
  });

  it('refuse replications whose per-time bands exceed 256 MiB even with --yes, before any run', async () => {
    const dir = tempDir();
    const file = join(dir, 'bands.yaml');
    // 86,401 rows (within 1e8) × 8 columns × 50 replications × 8 bytes = 264 MiB.
    writeFileSync(file, tiny('1d', '1s'));
    const { result: r, worlds } = await countWorlds(() =>
      cli('run', file, '--yes', '--quiet', '--replications', '50', '--out', join(dir, 'o')),
    );
    expect(worlds).toBe(0);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(
      '--replications: 50 replications × 86401 timeline rows × 8 columns need 264 MiB for the per-time bands; the limit is 256 MiB: use a larger sampleEvery or fewer replications',
    );
    expect(readdirSync(dir)).toEqual(['bands.yaml']);
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
