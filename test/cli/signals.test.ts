// Signals to the last moment, in real processes: one that arrives before the final rename aborts the
// commit even when nothing yields between the last write and the commit; one after it leaves the
// results and exit 0 with one line; SIGHUP (a closed terminal) ends a run like SIGTERM. While a run
// lives, its lock's heartbeat is renewed (shortened here through PCHAT_SIM_TEST_HEARTBEAT_MS).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_ENV, HEARTBEAT_MS, heartbeatMs } from '../../src/io/output-lock.js';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

interface Ended {
  code: number | null;
  signal: string | null;
  err: string;
}

function node(
  args: string[],
  env: Record<string, string> = {},
): { ended: Promise<Ended>; kill: (s: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    ended: new Promise((done) => child.on('close', (code, signal) => done({ code, signal, err }))),
    kill: (s) => child.kill(s),
  };
}

const dist = (f: string): string => JSON.stringify(resolve('dist', 'cli', f));

/** A command writing `text` to x.csv through writeStaged, with `--force`; `then` runs inside the writer or after it. */
function staged(out: string, text: string, inside: string, after: string): string[] {
  const script = `
    import { writeFileSync } from 'node:fs';
    import { join } from 'node:path';
    import { guardProcess } from ${dist('process-guard.js')};
    import { writeStaged } from ${dist('staged-output.js')};
    import { processConsole } from ${dist('console.js')};
    const io = processConsole();
    const command = async () => {
      await writeStaged(${JSON.stringify(out)}, true, io, async (dir) => {
        writeFileSync(join(dir, 'x.csv'), ${JSON.stringify(text)});
        ${inside}
      });
      ${after}
      return 0;
    };
    guardProcess(command(), io);`;
  return ['--input-type=module', '-e', script];
}

describe('a signal at the end of a command', () => {
  beforeAll(ensureBuilt, 120_000);

  it('before the final rename, aborts the commit and leaves the old results, even with no yield before it', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect((await node(staged(out, 'old', '', '')).ended).code).toBe(0);
    // Raised by the writer's last line: the promise chain runs straight on to the commit.
    const r = await node(staged(out, 'new', "process.kill(process.pid, 'SIGINT');", '')).ended;
    expect(r).toEqual({
      code: null,
      signal: 'SIGINT',
      err: `pchat-sim: interrupted by SIGINT; removed the partial results, ${out} is as it was\n`,
    });
    expect(readFileSync(join(out, 'x.csv'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('after the final rename, exits 0 with one line and the new results complete', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const late = "process.kill(process.pid, 'SIGTERM'); await new Promise((r) => setTimeout(r, 300));";
    const r = await node(staged(out, 'new', '', late)).ended;
    expect(r).toEqual({
      code: 0,
      signal: null,
      err: `pchat-sim: SIGTERM arrived after the results were committed; ${out} is complete\n`,
    });
    expect(readFileSync(join(out, 'x.csv'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out']);
  });
});

describe('a run that is writing', () => {
  beforeAll(ensureBuilt, 120_000);

  it('renews its lock every 10 s, as docs/validation.md says', () => {
    expect(HEARTBEAT_MS).toBe(10_000);
    expect(readFileSync(join('docs', 'validation.md'), 'utf8').replace(/\s+/g, ' ')).toContain(
      `a heartbeat, renewed every ${HEARTBEAT_MS / 1000} s while its run lives`,
    );
    const saved = process.env[HEARTBEAT_ENV];
    try {
      delete process.env[HEARTBEAT_ENV];
      expect(heartbeatMs()).toBe(HEARTBEAT_MS);
      process.env[HEARTBEAT_ENV] = '250';
      expect(heartbeatMs()).toBe(250);
    } finally {
      if (saved === undefined) delete process.env[HEARTBEAT_ENV];
      else process.env[HEARTBEAT_ENV] = saved;
    }
  });

  // The heartbeat shortened to BEAT_MS: a lock made 50 s old is renewed within a few beats.
  it('renews its lock on its heartbeat and ends on SIGHUP like SIGTERM, leaving nothing', async () => {
    const BEAT_MS = 250;
    const dir = tempDir();
    const file = join(dir, 'long.yaml');
    writeFileSync(
      file,
      `name: long
duration: 365d
topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b } ] } ] }
workload: { arrivals: { rate: 10 }, session: { dist: exponential, mean: 1h } }
`,
    );
    const lock = join(dir, '.out.lock');
    const run = node([BUILT_CLI, 'run', file, '--out', join(dir, 'out'), '--quiet'], {
      [HEARTBEAT_ENV]: String(BEAT_MS),
    });
    const until = performance.now() + 20_000;
    while (!readdirSync(dir).includes('.out.lock') && performance.now() < until) await sleep(20);
    const old = new Date(Date.now() - 50_000);
    utimesSync(lock, old, old);
    // Renewed within a few beats (a loaded machine may delay one); the wait ends at the renewal.
    const renewed = performance.now() + 3000;
    while (statSync(lock).mtimeMs < old.getTime() + 1000 && performance.now() < renewed) await sleep(20);
    expect(Date.now() - statSync(lock).mtimeMs).toBeLessThan(3000);
    run.kill('SIGHUP');
    expect(await run.ended).toEqual({
      code: null,
      signal: 'SIGHUP',
      err: `pchat-sim: interrupted by SIGHUP; removed the partial results, ${join(dir, 'out')} is as it was\n`,
    });
    expect(readdirSync(dir)).toEqual(['long.yaml']);
  }, 60_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
