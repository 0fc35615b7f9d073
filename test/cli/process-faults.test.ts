// Faults of the machine and the process, through the built CLI: a disk that fills (injected at a
// chosen byte, and a real small tmpfs when running as root), a closed stdout, an unhandled rejection
// and a promise that never settles. Each ends with one line and the right exit code, and no staging.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNSETTLED } from '../../src/cli/process-guard.js';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

interface Ended {
  code: number | null;
  out: string;
  err: string;
}

function node(args: string[], env: Record<string, string> = {}, closeStdout = false): Promise<Ended> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  if (closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, out, err })));
}

const SMALL = 'scenarios/standard-separate.yaml';
const dist = (f: string): string => resolve('dist', 'cli', f);

describe('the process around a command', () => {
  beforeAll(ensureBuilt, 120_000);

  it('ends a command whose promise never settles with one line and exit 1, staging removed', async () => {
    const dir = tempDir();
    const script = `
      import { guardProcess } from ${JSON.stringify(dist('process-guard.js'))};
      import { writeStaged } from ${JSON.stringify(dist('staged-output.js'))};
      import { processConsole } from ${JSON.stringify(dist('console.js'))};
      const io = processConsole();
      guardProcess(writeStaged(${JSON.stringify(join(dir, 'out'))}, false, io, () => new Promise(() => {})).then(() => 0), io);`;
    const r = await node(['--input-type=module', '-e', script]);
    expect(r).toEqual({ code: 1, out: '', err: `${UNSETTLED}\n` });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('ends on an unhandled rejection with "internal error", exit 1, staging removed', async () => {
    const dir = tempDir();
    const script = `
      import { guardProcess } from ${JSON.stringify(dist('process-guard.js'))};
      import { writeStaged } from ${JSON.stringify(dist('staged-output.js'))};
      import { processConsole } from ${JSON.stringify(dist('console.js'))};
      const io = processConsole();
      guardProcess(writeStaged(${JSON.stringify(join(dir, 'out'))}, false, io, async () => {
        void Promise.reject(new Error('boom'));
        await new Promise((r) => setTimeout(r, 20000));
      }).then(() => 0), io);`;
    const r = await node(['--input-type=module', '-e', script]);
    expect(r).toEqual({ code: 1, out: '', err: 'pchat-sim: internal error: boom\n' });
    expect(readdirSync(dir)).toEqual([]);
  });

  for (const command of [
    ['validate', SMALL],
    ['run', SMALL],
  ]) {
    it(`exits quietly with its own code when stdout is closed (${command[0]} | head)`, async () => {
      const dir = tempDir();
      const r = await node(
        [BUILT_CLI, ...command, ...(command[0] === 'run' ? ['--out', join(dir, 'o')] : [])],
        {},
        true,
      );
      expect(r).toEqual({ code: 0, out: '', err: '' });
    });
  }
});

describe('a full disk', () => {
  beforeAll(ensureBuilt, 120_000);

  it('ends a run with "no space left on <path>", exit 1, nothing left (injected at byte 5,000)', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = await node([BUILT_CLI, 'run', SMALL, '--out', out], { PCHAT_SIM_FAULT_ENOSPC_AT: '5000' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^pchat-sim: no space left on ${out}/[a-z.-]+\\n$`));
    expect(readdirSync(dir)).toEqual([]);
  });

  const root = process.getuid?.() === 0;
  if (!root) console.log('skipped the real tmpfs disk-full test: it needs root to mount a tmpfs');
  it.skipIf(!root)(
    'ends a run on a real full 256 kB tmpfs with one line, exit 1, the tmpfs left empty',
    async () => {
      const mnt = tempDir();
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]);
      } catch {
        console.log('skipped the real tmpfs disk-full test: mount -t tmpfs failed (no CAP_SYS_ADMIN here)');
        rmdirSync(mnt);
        return;
      }
      try {
        mkdirSync(join(mnt, 'keep'));
        const out = join(mnt, 'out');
        const r = await node([BUILT_CLI, 'run', 'scenarios/default.yaml', '--out', out]);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(new RegExp(`^pchat-sim: no space left on ${out}/[a-z.-]+\\n$`));
        expect(readdirSync(mnt)).toEqual(['keep']);
      } finally {
        execFileSync('umount', [mnt]);
        rmdirSync(mnt);
      }
    },
  );
});
