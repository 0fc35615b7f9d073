// A run whose timeline thread cannot start (its module fails to load) or dies mid-run (before, during or
// after its rows) writes timeline.csv on in the event thread: byte-identical to a run without the
// thread, exit 0, one note line saying why (none with --quiet), and run.json says the thread did not
// write it. A failure of the file itself (a full disk) ends the run as in one thread (threads.test.ts).
// On the built CLI (the thread runs from dist/ only).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';
import { changedThread, loadFailures } from './thread-faults.js';

const ENTRY = 'timeline-thread.js';
const FILES = ['summary.json', 'timeline.csv', 'events.csv'];
/** Past this a run is killed (code null): a run that waited on the thread for good would show so. */
const KILL_MS = 30_000;

const dir = tempDir();
/** Ten days sampled every minute: 14,401 rows, 15 blocks of 1,024 for the thread. */
const scenario = join(dir, 'rows.yaml');
const off = join(dir, 'off');

function cli(
  node: string[],
  mode: string,
  ...argv: string[]
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [...node, BUILT_CLI, 'run', scenario, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, PCHAT_SIM_THREADS: mode },
    timeout: KILL_MS,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  ensureBuilt();
  writeFileSync(
    scenario,
    'name: rows\nduration: 10d\nsampleEvery: 1m\ntopology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a }, { name: b } ] } ] }\nworkload: { population: 2000, offTime: { dist: exponential, mean: 16h }, session: { dist: exponential, mean: 8h } }\n',
  );
  expect(cli([], 'off', '--quiet', '--out', off)).toEqual({ code: 0, out: '', err: '' });
}, 120_000);

/**
 * A thread module that runs the real thread but dies (throws) as message `at` of kind `kind` arrives,
 * after the thread has taken it up; the file is written into `dir`. The real thread is imported first,
 * so that its listener, not this one, starts the port: no message is missed.
 */
function diesAt(kind: 'rows' | 'close', at: number): string {
  const real = pathToFileURL(resolve('dist', 'io', 'timeline-thread.js')).href;
  const file = join(dir, `dies-at-${kind}-${at}.mjs`);
  writeFileSync(
    file,
    `import ${JSON.stringify(real)};
     import { parentPort } from 'node:worker_threads';
     let n = 0;
     parentPort.on('message', (m) => {
       if (m.kind === ${JSON.stringify(kind)} && ++n === ${at}) throw new Error('injected failure');
     });`,
  );
  return pathToFileURL(file).href;
}

/**
 * A thread module that runs the real thread but dies after it has closed the file and renamed it into
 * place, before it can say so (its answer `done` throws).
 */
function diesAfterClosing(): string {
  const real = pathToFileURL(resolve('dist', 'io', 'timeline-thread.js')).href;
  const file = join(dir, 'dies-after-closing.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
     const post = parentPort.postMessage.bind(parentPort);
     parentPort.postMessage = (m, t) => {
       if (m.kind === 'done') throw new Error('injected failure');
       post(m, t);
     };
     await import(${JSON.stringify(real)});`,
  );
  return pathToFileURL(file).href;
}

/** The files of `out` are those of the run without the thread, and its run.json says so. */
function expectSameAsOneThread(out: string): void {
  for (const f of FILES) expect(readFileSync(join(out, f)).equals(readFileSync(join(off, f))), f).toBe(true);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
  expect(run['timeline_thread']).toBe(false);
}

const changes = [
  ...loadFailures(dir).map(({ name, url }) => ({
    what: `whose module ${name}`,
    url,
    why: 'failed before it wrote a row',
  })),
  { what: 'that dies at its first block', url: diesAt('rows', 1), why: 'failed before it wrote a row' },
  { what: 'that dies mid-run', url: diesAt('rows', 7), why: 'failed mid-run' },
  { what: 'that dies as it closes the file', url: diesAt('close', 1), why: 'failed mid-run' },
];

describe('a run whose timeline thread fails', () => {
  it.each(changes)(
    'writes timeline.csv on in one thread when the thread is one $what: the same files, exit 0, a note',
    ({ url, why }) => {
      const out = join(tempDir(), 'out');
      const r = cli(changedThread(dir, { name: ENTRY, file: url }), 'on', '--out', out);
      expect({ code: r.code, err: r.err }).toEqual({
        code: 0,
        err: `note: the timeline thread ${why}: timeline.csv was written on the event thread, results unaffected\n`,
      });
      expect(r.out).toMatch(/^wrote /m);
      expectSameAsOneThread(out);
    },
  );

  it('keeps the file the thread closed before it died: the same files, exit 0, no note', () => {
    const out = join(tempDir(), 'out');
    const r = cli(changedThread(dir, { name: ENTRY, file: diesAfterClosing() }), 'on', '--out', out);
    expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    for (const f of FILES)
      expect(readFileSync(join(out, f)).equals(readFileSync(join(off, f))), f).toBe(true);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(run['timeline_thread']).toBe(true);
  });

  it('says nothing with --quiet', () => {
    const out = join(tempDir(), 'out');
    const node = changedThread(dir, { name: ENTRY, file: diesAt('rows', 7) });
    expect(cli(node, 'on', '--quiet', '--out', out)).toEqual({ code: 0, out: '', err: '' });
    expectSameAsOneThread(out);
  });
});
