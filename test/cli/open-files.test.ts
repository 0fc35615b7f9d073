// The open-file limit, through the built CLI under a real `ulimit -n`: run, a replicated run on two
// worker threads, sweep, merge and compare all work under 128; below what a command needs, it stops
// before anything with one line and leaves nothing.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openFilesNeeded } from '../../src/cli/open-files.js';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

const SMALL = 'scenarios/standard-separate.yaml';

/** The built CLI under `ulimit -n <files>` (soft and hard), as a shell would start it. */
function underLimit(files: number, args: string[]): Promise<{ code: number | null; err: string }> {
  const quoted = [process.execPath, BUILT_CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`);
  const child = spawn('sh', ['-c', `ulimit -n ${files} && exec ${quoted.join(' ')}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, err })));
}

describe('a low open-file limit', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is enough at 128 for run, a 2-worker replicated run, sweep, merge and compare', async () => {
    const dir = tempDir();
    const o = (name: string): string => join(dir, name);
    const commands: [string, string[]][] = [
      ['a', ['run', SMALL, '--out', o('a'), '--quiet']],
      ['r', ['run', SMALL, '--replications', '2', '--workers', '2', '--out', o('r'), '--quiet']],
      ['s0', ['run', SMALL, '--replications', '2', '--shard', '0/2', '--out', o('s0'), '--quiet']],
      ['s1', ['run', SMALL, '--replications', '2', '--shard', '1/2', '--out', o('s1'), '--quiet']],
      [
        'sw',
        [
          'sweep',
          SMALL,
          '--set',
          'seed=1,2',
          '--replications',
          '1',
          '--workers',
          '2',
          '--out',
          o('sw'),
          '--quiet',
        ],
      ],
      ['m', ['merge', o('s0'), o('s1'), '--out', o('m'), '--quiet']],
      ['c', ['compare', o('a'), o('r'), '--out', o('c'), '--quiet']],
    ];
    for (const [name, args] of commands) {
      const r = await underLimit(128, args);
      expect([name, r.code, r.err]).toEqual([name, 0, '']);
    }
    expect(readdirSync(dir).sort()).toEqual(commands.map(([name]) => name).sort());
  }, 120_000);

  it('below what a command needs, stops it before anything with one line, exit 2', async () => {
    const dir = tempDir();
    const limit = openFilesNeeded() - 8;
    const r = await underLimit(limit, ['run', SMALL, '--out', join(dir, 'out')]);
    expect(r).toEqual({
      code: 2,
      err: `too many open files: raise ulimit -n to at least ${openFilesNeeded()} (it is ${limit} here)\n`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});
