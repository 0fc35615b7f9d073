// Runs the README's "Experiments" section in order: every `npx pchat-sim` line of its sh blocks, in a
// fresh folder, with `[...]` optional parts and `# comments` left out and a `*` expanded as a shell
// would. `npm test`: fewer replications and a coarser plan search (said in the README), so it checks that
// the commands parse, validate, run and chain (shards → merge, runs → compare) and write their files.
// `npm run validate`: exactly as written, through the built CLI, and the plan answer the README shows.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, ensureBuilt } from '../cli/built-cli.js';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const ROOT = resolve('.');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const VALIDATE = process.env['PCHAT_SIM_VALIDATE'] === '1';

/** The README section `## Experiments...`, up to the next `## `. */
function section(): string {
  const start = README.indexOf('\n## Experiments');
  const end = README.indexOf('\n## ', start + 1);
  return start === -1 ? '' : README.slice(start, end === -1 ? undefined : end);
}

const text = section();
const lines = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
  (m[1] ?? '').split('\n').filter((l) => l.startsWith('npx pchat-sim ')),
);

/** A line's arguments: comment and optional `[...]` parts dropped, `*` matched against the folder's entries. */
function argsOf(line: string, cwd: string): string[] {
  const words = line
    .replace(/\s+#.*$/, '')
    .replace(/(^|\s)\[[^\]]*\]/g, ' ')
    .trim()
    .split(/\s+/)
    .slice(2);
  return words.flatMap((w) => {
    if (!w.includes('*')) return [w];
    const re = new RegExp(`^${w.split('/').pop()?.split('*').join('[^/]*') ?? ''}$`);
    const dir = dirname(w);
    return readdirSync(join(cwd, dir))
      .filter((f) => re.test(f))
      .sort()
      .map((f) => join(dir, f));
  });
}

/** npm test's smaller version: at most 2 replications a run (at least one per shard), 1 per sweep point, a coarse plan. */
function smaller(args: string[]): string[] {
  const out = [...args];
  const shard = out.indexOf('--shard');
  const shards = shard === -1 ? 1 : Number((out[shard + 1] ?? '').split('/')[1]);
  const r = out.indexOf('--replications');
  if (r !== -1) out[r + 1] = String(Math.min(Number(out[r + 1]), Math.max(2, shards)));
  if (out[0] === 'sweep' && r === -1) out.push('--replications', '1');
  if (out[0] === 'plan') out.push('--replications', '2', '--max-replications', '2', '--resolution', '20000');
  return out;
}

async function inProcess(args: string[]): Promise<{ code: number; err: string[] }> {
  const { code, err } = await cli(...args);
  // Run from the TypeScript sources, experiments run in the main thread and say so.
  return { code, err: err.filter((l) => !l.startsWith('note: ran in one thread')) };
}

function built(args: string[], cwd: string): { code: number; err: string[] } {
  const r = spawnSync(process.execPath, [join(ROOT, BUILT_CLI), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, err: r.stderr.split('\n').filter((l) => l !== '') };
}

/** Files the section's commands write, by the names the README gives them. */
const WRITTEN = [
  'results/default/summary.json',
  'results/default/report.html',
  'results/default-sweep/sweep.csv',
  'results/default-sweep/chart-sweep.svg',
  'results/n-minus-1-refused-plan/plan.txt',
  'results/n-minus-1-refused-plan/plan.csv',
  'results/default-shard-0-of-4/partial.json',
  'results/default-shard-3-of-4/partial.json',
  'results/default-64/summary.json',
  'results/default-64/report.html',
  'results/default-8/replications.csv',
  'results/stretched-8/replications.csv',
  'results/compare-default-vs-stretched-2-2/compare.csv',
  'results/compare-default-vs-stretched-2-2/report.html',
];

describe(`README experiments, in the order shown (${VALIDATE ? 'exactly as written' : 'smaller'})`, () => {
  const cwd = process.cwd();
  const dir = tempDir('pchat-sim-readme-experiments-');
  symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
  symlinkSync(join(ROOT, 'schema'), join(dir, 'schema'));
  afterAll(() => process.chdir(cwd));

  it('has the experiment commands: replications, a sweep, a plan, four shards and their merge, a comparison', () => {
    expect(lines.map((l) => l.split(/\s+/)[2])).toEqual([
      'run',
      'sweep',
      'plan',
      'run',
      'run',
      'run',
      'run',
      'merge',
      'run',
      'run',
      'compare',
    ]);
  });

  it('runs every command with exit 0 and nothing on stderr, and writes the files the README names', async () => {
    if (VALIDATE) ensureBuilt();
    else process.chdir(dir);
    for (const line of lines) {
      const args = argsOf(line, dir);
      const r = VALIDATE ? built(args, dir) : await inProcess(smaller(args));
      expect({ line, ...r }).toEqual({ line, code: 0, err: [] });
    }
    for (const f of WRITTEN) expect(existsSync(join(dir, f)), f).toBe(true);
    const merged = JSON.parse(readFileSync(join(dir, 'results/default-64/summary.json'), 'utf8')) as {
      replications: number;
    };
    expect(merged.replications).toBe(VALIDATE ? 64 : 4);
    if (!VALIDATE) return;
    // The plan answer the README prints, line for line.
    const shown = /```\n(answer for pool[\s\S]*?)```/.exec(text)?.[1] ?? '';
    const plan = readFileSync(join(dir, 'results/n-minus-1-refused-plan/plan.txt'), 'utf8');
    for (const l of shown.split('\n').filter((x) => x.trim() !== '')) expect(plan).toContain(l);
  }, 1_800_000);
});
