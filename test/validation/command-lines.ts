// Running documented command lines as a planner would: words split as a shell would (no quoting in
// our docs), `[...]` optional parts and `# comments` dropped, a `*` matched against the folder's
// entries. `npm test` runs a smaller version (fewer replications, a coarser plan); `npm run validate`
// runs them exactly as written through the built CLI.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BUILT_CLI } from '../cli/built-cli.js';
import { cli } from '../cli-capture.js';

export const ROOT = resolve('.');
export const VALIDATE = process.env['PCHAT_SIM_VALIDATE'] === '1';

/** A command line's arguments after `npx pchat-sim` (or `pchat-sim`), as a shell would pass them in `cwd`. */
export function argsOf(line: string, cwd: string): string[] {
  const words = line
    .replace(/\s+#.*$/, '')
    .replace(/(^|\s)\[[^\]]*\]/g, ' ')
    .trim()
    .split(/\s+/);
  const start = words[0] === 'npx' ? 2 : 1;
  return words.slice(start).flatMap((w) => {
    if (!w.includes('*')) return [w];
    const re = new RegExp(`^${w.split('/').pop()?.split('*').join('[^/]*') ?? ''}$`);
    const dir = dirname(w);
    return readdirSync(join(cwd, dir))
      .filter((f) => re.test(f))
      .sort()
      .map((f) => join(dir, f));
  });
}

/** The values of a sweep's `--set key=values`: a list `a,b,c` or a range `from..to:step`. */
function sweepValues(set: string): string[] {
  const values = set.slice(set.indexOf('=') + 1);
  const range = /^([^.]+)\.\.([^:]+):(.+)$/.exec(values);
  if (range === null) return values.split(',');
  const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3])];
  if (![from, to, step].every(Number.isFinite) || step <= 0) return [range[1] ?? '', range[2] ?? ''];
  return Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => String(from + i * step));
}

/** The runs a line makes: replications × sweep points (plan: unknown ahead, Infinity). */
export function runsOf(args: readonly string[]): number {
  if (args[0] === 'plan') return Infinity;
  const r = args.indexOf('--replications');
  const reps = r === -1 ? (args[0] === 'sweep' ? 5 : 1) : Number(args[r + 1]);
  let points = 1;
  args.forEach((a, i) => {
    if (a === '--set') points *= sweepValues(args[i + 1] ?? '').length;
  });
  return reps * points;
}

/**
 * npm test's smaller version: at most 2 replications a run (at least one per shard), a sweep's first
 * and last value of each key with 1 replication per point, a coarse plan.
 */
export function smaller(args: readonly string[]): string[] {
  const out = [...args];
  if (out[0] === 'sweep')
    out.forEach((a, i) => {
      if (a !== '--set') return;
      const set = out[i + 1] ?? '';
      const values = sweepValues(set);
      const ends = values.length <= 2 ? values : [values[0], values[values.length - 1]];
      out[i + 1] = `${set.slice(0, set.indexOf('=') + 1)}${ends.join(',')}`;
    });
  const shard = out.indexOf('--shard');
  const shards = shard === -1 ? 1 : Number((out[shard + 1] ?? '').split('/')[1]);
  const r = out.indexOf('--replications');
  if (r !== -1) out[r + 1] = String(Math.min(Number(out[r + 1]), Math.max(2, shards)));
  if (out[0] === 'sweep' && r === -1) out.push('--replications', '1');
  if (out[0] === 'plan') out.push('--replications', '2', '--max-replications', '2', '--resolution', '20000');
  return out;
}

/** Runs in this process (from the TypeScript sources): exit code and stderr, the one-thread note left out. */
export async function inProcess(args: readonly string[]): Promise<{ code: number; err: string[] }> {
  const { code, err } = await cli(...args);
  return { code, err: err.filter((l) => !l.startsWith('note: ran in one thread')) };
}

/** Runs the built CLI in `cwd`: exit code and stderr lines. */
export function built(args: readonly string[], cwd: string): { code: number; err: string[] } {
  const r = spawnSync(process.execPath, [join(ROOT, BUILT_CLI), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, err: r.stderr.split('\n').filter((l) => l !== '') };
}

/** Runs a documented line the way this test mode does: smaller in-process (cwd must be `dir`), or exact. */
export async function runLine(line: string, dir: string): Promise<{ code: number; err: string[] }> {
  const args = argsOf(line, dir);
  return VALIDATE ? built(args, dir) : inProcess(smaller(args));
}
