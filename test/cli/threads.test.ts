// A single run's second thread changes no output: a run, its checkpoint and a branch from it are
// byte-identical with the users' draws made ahead and timeline.csv written on a second thread and
// without, on the built CLI (the threads run from dist/ only); a full disk under the timeline thread
// ends the run as in one thread; PCHAT_SIM_THREADS takes auto, on or off, and refuses anything else.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

/** year-150k's model, two days with a checkpoint at noon of the first: half a million events. */
const ARGS = ['bench/scenarios/year-150k.yaml', '--duration', '2d', '--checkpoint-at', '12h', '--quiet'];
const FILES = ['summary.json', 'timeline.csv', 'events.csv', 'checkpoint.pchat'];

function runWith(mode: string, ...argv: string[]): { code: number | null; err: string } {
  return runWithEnv(mode, {}, ...argv);
}

function runWithEnv(
  mode: string,
  extra: Record<string, string>,
  ...argv: string[]
): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [BUILT_CLI, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, PCHAT_SIM_THREADS: mode, ...extra },
  });
  return { code: r.status, err: r.stderr };
}

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = tempDir();
  for (const mode of ['on', 'off'])
    expect(runWith(mode, 'run', ...ARGS, '--out', join(dir, mode))).toEqual({ code: 0, err: '' });
}, 300_000);

describe("a single run's second thread", () => {
  it('leaves a run and its checkpoint byte for byte as without it, and says which ran in run.json', () => {
    for (const f of FILES)
      expect(readFileSync(join(dir, 'on', f)).equals(readFileSync(join(dir, 'off', f))), f).toBe(true);
    const used = (mode: string): unknown => {
      const run = JSON.parse(readFileSync(join(dir, mode, 'run.json'), 'utf8')) as Record<string, unknown>;
      return [run.draw_thread, run.timeline_thread];
    };
    expect(used('on')).toEqual([true, true]);
    expect(used('off')).toEqual([false, false]);
  });

  it('ends a run whose timeline thread finds the disk full as one thread does: exit 1, one line, nothing left', () => {
    const lines: string[] = [];
    for (const mode of ['on', 'off']) {
      const out = join(dir, `full-${mode}`);
      const r = runWithEnv(
        mode,
        { PCHAT_SIM_FAULT_ENOSPC_AT: '2000' },
        'run',
        ...ARGS.slice(0, 3),
        '--out',
        out,
      );
      expect(r.code).toBe(1);
      lines.push(r.err.replace(out, '<out>'));
      expect(existsSync(out)).toBe(false);
    }
    expect(lines[0]).toBe('pchat-sim: no space left on <out>/timeline.csv\n');
    expect(lines[1]).toBe(lines[0]);
  });

  it('leaves a branch from that checkpoint as without it', () => {
    const from = join(dir, 'on', 'checkpoint.pchat');
    for (const mode of ['on', 'off'])
      expect(runWith(mode, 'branch', from, '--out', join(dir, `branch-${mode}`), '--quiet')).toEqual({
        code: 0,
        err: '',
      });
    for (const f of FILES.slice(0, 3))
      expect(
        readFileSync(join(dir, 'branch-on', f)).equals(readFileSync(join(dir, 'branch-off', f))),
        f,
      ).toBe(true);
  }, 120_000);

  it('refuses any other setting in one line, exit 2, nothing written', () => {
    const out = join(dir, 'bad');
    expect(runWith('yes', 'run', 'scenarios/default.yaml', '--out', out)).toEqual({
      code: 2,
      err: 'PCHAT_SIM_THREADS: one of auto, on, off; received "yes"\n',
    });
    expect(existsSync(out)).toBe(false);
  });
});
