// The shared options and the up-front checks every command makes before anything runs: an option
// given twice, a seed that is not a whole number, more workers than cores, the one cost estimate
// (multiplied by replications, for sweep and plan too, O(1) in every parameter), files the user names.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { countWorlds, tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

const SMALL = 'scenarios/standard-separate.yaml';

/** About 2.6e8 events a run: within the limits once, beyond them ten times. */
const MEDIUM = `name: medium
duration: 30d
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b } ] } ] }
workload: { arrivals: { rate: 50 }, session: { dist: exponential, mean: 10m } }
`;

function scenario(text: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 's.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

describe('options given on the command line', () => {
  it('refuses an option given twice, before anything runs', async () => {
    const dir = tempDir();
    for (const [opt, a, b] of [
      ['--out', join(dir, 'a'), join(dir, 'b')],
      ['--shard', '0/2', '1/2'],
      ['--seed', '1', '2'],
      ['--workers', '1', '2'],
    ] as const) {
      const r = await cli('run', SMALL, opt, a, opt, b);
      expect(r.code, opt).toBe(2);
      expect(r.err[0]).toBe(`${opt}: given 2 times; give it once`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a seed that is not an integer in one line instead of reading it as 0 or NaN', async () => {
    for (const seed of ['', 'x', 'abc', '1.5', '-1']) {
      const r = await cli('run', SMALL, '--seed', seed, '--out', join(tempDir(), 'o'));
      expect(r).toEqual({
        code: 2,
        out: [],
        err: [`--seed: expected an integer from 0 to ${Number.MAX_SAFE_INTEGER}; received "${seed}"`],
      });
    }
  });

  it('uses at most as many worker threads as cores, and says so', async () => {
    const cores = availableParallelism();
    const r = await cli(
      'run',
      SMALL,
      '--replications',
      '2',
      '--workers',
      '300',
      '--out',
      join(tempDir(), 'o'),
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain(`note: --workers 300: this machine has ${cores} cores; using ${cores} threads`);
  });
});

describe('the one up-front cost estimate', () => {
  it('multiplies a run by its replications', async () => {
    const { dir, file } = scenario(MEDIUM);
    const r = await cli('run', file, '--replications', '10', '--out', join(dir, 'o'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^.*s\.yaml: these 10 runs are expected to need about 2\.\de9 events/);
    expect(readdirSync(dir)).toEqual(['s.yaml']);
  });

  it('is O(1) in the retry count, and counts zero-delay retries on a full pool', async () => {
    const { dir, file } = scenario(
      MEDIUM.replace('30d', '1d')
        .replace('name: p,', 'name: p, admissionLimitPerServer: 20000,')
        .replace(
          'mean: 10m }',
          'mean: 10h }, retry: { delay: { dist: fixed, mean: 0s }, maxAttempts: 1000000000000000 }',
        ),
    );
    // An estimate that walked the retries one by one would never finish (the test's timeout).
    const { result: r, worlds } = await countWorlds(() => cli('run', file, '--out', join(dir, 'o')));
    expect(worlds).toBe(0);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/this run is expected to need about [\d.]+e(1[5-9]|2\d) events/);
  });

  it('refuses a sweep whose points add up beyond the limits', async () => {
    const { dir, file } = scenario(MEDIUM);
    const r = await cli(
      'sweep',
      file,
      '--set',
      'seed=1,2,3,4,5,6,7,8',
      '--replications',
      '2',
      '--out',
      join(dir, 'o'),
    );
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/these 16 runs are expected to need about 4\.\de9 events/);
    expect(readdirSync(dir)).toEqual(['s.yaml']);
  });

  it('refuses a plan for 1e8 users before evaluating anything', async () => {
    const dir = tempDir();
    const r = await cli(
      'plan',
      'scenarios/n-minus-1-refused.yaml',
      '--users',
      '100000000',
      '--out',
      join(dir, 'o'),
    );
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(
      /n-minus-1-refused\.yaml: at least these \d+ runs \(how many more is not known ahead\) are expected to need at least [\d.]+e9 events/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('files the user names', () => {
  it('init and schema refuse a folder as --out, and schema an existing file without --force', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder'));
    for (const argv of [
      ['init', '--out', join(dir, 'folder'), '--force'],
      ['schema', '--out', join(dir, 'folder')],
    ]) {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err[0]).toBe(`${join(dir, 'folder')}: is a folder; name a file to write`);
    }
    const file = join(dir, 'mine.json');
    writeFileSync(file, 'mine');
    const r = await cli('schema', '--out', file);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe(`${file}: the file exists; use --force to replace it`);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect((await cli('schema', '--out', file, '--force')).code).toBe(0);
  });
});

describe('a scenario read from a pipe', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is read once by sweep (the second read of a pipe is empty)', () => {
    const out = join(tempDir(), 'o');
    const r = spawnSync(
      'sh',
      [
        '-c',
        'cat "$1" | "$2" "$3" sweep /dev/stdin --set seed=1,2 --replications 1 --out "$4" --quiet',
        'sh',
        SMALL,
        process.execPath,
        BUILT_CLI,
        out,
      ],
      { encoding: 'utf8' },
    );
    expect({ code: r.status, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
});

describe('a scenario name', () => {
  it('must fit a file name: validate says so, and run writes nothing', async () => {
    const { dir, file } = scenario(
      readFileSync(SMALL, 'utf8').replace(/^name: .*$/m, `name: ${'n'.repeat(250)}`),
    );
    const v = await cli('validate', file);
    expect(v.code).toBe(2);
    expect(v.err).toEqual([
      `${file}: name: Invalid name: expected 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit; received "${'n'.repeat(60)}…" (250 characters)`,
    ]);
    const prev = process.cwd();
    process.chdir(dir);
    try {
      expect((await cli('run', 's.yaml')).code).toBe(2);
    } finally {
      process.chdir(prev);
    }
    expect(readdirSync(dir)).toEqual(['s.yaml']);
  });
});
