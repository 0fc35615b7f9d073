// Replacing a results folder is all or nothing, through the built CLI on the real file system: a folder
// whose files cannot be deleted is refused before the run (write-protected by its owner), or, when that
// shows only at the swap (an append-only file), every file is put back and the command says which file
// stopped it. A lock of another machine whose heartbeat stopped is taken over; a full disk at the lock
// is one line with nothing left.
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

interface Ended {
  code: number | null;
  out: string;
  err: string;
}

const SMALL = 'scenarios/standard-separate.yaml';
const root = process.getuid?.() === 0;
/** Linux's `nobody`: as root, the CLI runs as a planner whom file modes bind. */
const NOBODY = 65534;

function cli(args: string[], options: SpawnOptions = {}, env: Record<string, string> = {}): Promise<Ended> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    ...options,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

/** Every file of a folder, name → bytes as text. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'latin1')]),
  );
}

describe('replacing a results folder with --force', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is refused before the run when the folder is write-protected, and leaves it as it was', async () => {
    const dir = tempDir();
    const res = join(dir, 'res');
    let as: SpawnOptions = {};
    if (root) {
      execFileSync('chown', [`${NOBODY}:${NOBODY}`, dir]);
      as = { uid: NOBODY, gid: NOBODY };
    }
    expect((await cli(['run', SMALL, '--out', res, '--quiet'], as)).code).toBe(0);
    const before = snapshot(res);
    execFileSync('chmod', ['-R', 'a-w', res]);
    try {
      const r = await cli(['run', SMALL, '--out', res, '--quiet', '--force', '--seed', '9'], as);
      expect(r).toEqual({
        code: 2,
        out: '',
        err: `${res}: cannot remove the files in it (permission denied); --force cannot replace ${res}, which is left as it was\n`,
      });
      expect(snapshot(res)).toEqual(before);
      expect(readdirSync(dir)).toEqual(['res']);
    } finally {
      execFileSync('chmod', ['-R', 'u+w', res]);
    }
  });

  if (!root) console.log('skipped the append-only swap test: chattr +a needs root');
  it.skipIf(!root)(
    'puts every file back when one cannot be removed at the swap (append-only), exit 1 naming it',
    async () => {
      const dir = tempDir();
      const res = join(dir, 'res');
      expect((await cli(['run', SMALL, '--out', res, '--quiet'])).code).toBe(0);
      const before = snapshot(res);
      const stuck = join(res, 'summary.json');
      try {
        execFileSync('chattr', ['+a', stuck], { stdio: 'pipe' });
      } catch {
        console.log('skipped the append-only swap test: this file system has no chattr +a');
        return;
      }
      try {
        const r = await cli(['run', SMALL, '--out', res, '--quiet', '--force', '--seed', '9']);
        expect(r).toEqual({
          code: 1,
          out: '',
          err: `pchat-sim: ${stuck}: cannot remove it (operation not permitted); ${res} is as it was\n`,
        });
      } finally {
        execFileSync('chattr', ['-a', stuck]);
      }
      expect(snapshot(res)).toEqual(before);
      expect(readdirSync(dir)).toEqual(['res']);
    },
  );
});

describe('the lock of a results folder', () => {
  beforeAll(ensureBuilt, 120_000);

  it("is taken over from another machine once its heartbeat is 60 s old, with that machine's staging", async () => {
    const dir = tempDir();
    const res = join(dir, 'res');
    const lock = join(dir, '.res.lock');
    const staged = join(dir, '.res.partial-gone-host-77');
    writeFileSync(lock, JSON.stringify({ host: 'gone-host', pid: 77, start: '2026-01-01T00:00:00.000Z' }));
    execFileSync('mkdir', [staged]);
    const setAge = (s: number): void =>
      utimesSync(lock, new Date(Date.now() - s * 1000), new Date(Date.now() - s * 1000));
    setAge(30);
    const busy = await cli(['run', SMALL, '--out', res, '--quiet']);
    expect(busy).toEqual({
      code: 2,
      out: '',
      err: `${res}: another pchat-sim run (pid 77 on gone-host, started 2026-01-01T00:00:00.000Z) is writing this folder; wait for it or choose another --out\n`,
    });
    setAge(61);
    expect(await cli(['run', SMALL, '--out', res, '--quiet'])).toEqual({ code: 0, out: '', err: '' });
    expect(readdirSync(dir)).toEqual(['res']);
  });

  it('on a full disk is one line, exit 1, and no lock or anything else left', async () => {
    const dir = tempDir();
    const res = join(dir, 'res');
    const r = await cli(['run', SMALL, '--out', res], {}, { PCHAT_SIM_FAULT_ENOSPC_AT: '0' });
    expect(r).toEqual({ code: 1, out: '', err: `pchat-sim: no space left on ${res}\n` });
    expect(readdirSync(dir)).toEqual([]);
  });
});
