// `npm run validate`: every shipped scenario run 3 times, and the long single runs (enterprise-multi,
// morning-storm) 10 times, through the built CLI: exit 0 with nothing on stderr, byte-identical files
// every time, no staging folder or lock left. (A flaky hang or silent exit shows here first.)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';

const LONG = new Set(['enterprise-multi', 'morning-storm']);
/** Files whose bytes depend on the scenario and seed only (run.json holds wall-clock figures). */
const COMPARED = ['timeline.csv', 'events.csv', 'summary.json', 'report.html'];

function run(file: string, out: string): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BUILT_CLI, 'run', file, '--out', out, '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, err })));
}

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of COMPARED)
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

// Only `npm run validate` includes this file (about 7 minutes); vitest.config.ts leaves it out of `npm test`.
describe('every shipped scenario through the built CLI, repeatedly', () => {
  beforeAll(ensureBuilt, 120_000);
  const names = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''));

  for (const name of names) {
    const times = LONG.has(name) ? 10 : 3;
    it(`${name}: ${times} runs, exit 0, identical files, nothing left behind`, async () => {
      const dir = tempDir();
      let first: Record<string, string> | null = null;
      for (let i = 0; i < times; i++) {
        const out = join(dir, `r${i}`);
        const r = await run(join('scenarios', `${name}.yaml`), out);
        expect(r, `run ${i + 1} of ${name}`).toEqual({ code: 0, err: '' });
        const d = digest(out);
        first ??= d;
        expect(d, `run ${i + 1} of ${name}`).toEqual(first);
      }
      expect(readdirSync(dir).sort()).toEqual([...Array(times).keys()].map((i) => `r${i}`).sort());
    });
  }
});
