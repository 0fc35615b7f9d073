// merge and compare read only finished results and never write into what they read, through the built
// CLI: an --out that is, lies inside or holds an input is refused (with --force too) and the input is
// left byte for byte; a result folder without its manifest (a run still writing) is refused.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

const SMALL = 'scenarios/standard-separate.yaml';

function cli(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, err })));
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    (readdirSync(dir, { recursive: true }) as string[]).sort().map((f) => {
      try {
        return [f, readFileSync(join(dir, f), 'latin1')];
      } catch {
        return [f, '(folder)'];
      }
    }),
  );
}

describe('the folders merge and compare read', () => {
  const dir = tempDir();
  const o = (name: string): string => join(dir, name);
  beforeAll(async () => {
    ensureBuilt();
    for (const args of [
      ['run', SMALL, '--out', o('a'), '--quiet'],
      ['run', SMALL, '--seed', '7', '--out', o('x/b'), '--quiet'],
      ['run', SMALL, '--replications', '2', '--shard', '0/2', '--out', o('s0'), '--quiet'],
      ['run', SMALL, '--replications', '2', '--shard', '1/2', '--out', o('s1'), '--quiet'],
    ])
      expect(await cli(args)).toEqual({ code: 0, err: '' });
  }, 180_000);

  it('are never the output, inside it or holding it, even with --force; the inputs stay as they were', async () => {
    const before = snapshot(dir);
    const cases: [string[], string][] = [
      [['compare', o('a'), o('x/b'), '--out', o('x/b'), '--force'], `is the input ${o('x/b')}`],
      [['compare', o('a'), o('x/b'), '--out', o('a/cmp')], `lies inside the input ${o('a')}`],
      [['compare', o('a'), o('x/b'), '--out', o('x'), '--force'], `holds the input ${o('x/b')}`],
      [['merge', o('s0'), o('s1'), '--out', o('s1'), '--force'], `is the input ${o('s1')}`],
    ];
    for (const [args, how] of cases) {
      const out = args[args.indexOf('--out') + 1] as string;
      expect(await cli(args)).toEqual({
        code: 2,
        err: `--out ${out}: ${how}; write the results to a folder outside every folder read\n`,
      });
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('are finished results only: a folder without its manifest is refused', async () => {
    const copy = o('copy');
    cpSync(o('a'), copy, { recursive: true });
    rmSync(join(copy, '.pchat-sim-output.json'));
    const shard = o('shard-copy');
    cpSync(o('s1'), shard, { recursive: true });
    rmSync(join(shard, '.pchat-sim-output.json'));
    const refused = (d: string): string =>
      `${d}: not a finished pchat-sim result (no .pchat-sim-output.json, which a run writes when it completes): a run still writing it, or a folder pchat-sim did not write\n`;
    expect(await cli(['compare', o('a'), copy, '--out', o('c')])).toEqual({ code: 2, err: refused(copy) });
    expect(await cli(['merge', o('s0'), shard, '--out', o('m')])).toEqual({ code: 2, err: refused(shard) });
    expect(readdirSync(dir).sort()).toEqual(['a', 'copy', 's0', 's1', 'shard-copy', 'x']);
  });
});
