// Runs the README walkthrough exactly as written: every `npx pchat-sim ...` line of its sh blocks,
// in a fresh folder, then checks every results/ file it names exists and that every chart it shows
// from docs/ is the chart the command produces (same title and subtitle).
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

const ROOT = resolve('.');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README section titled `## Walkthrough...`, up to the next `## `. */
function walkthrough(): string {
  const start = README.indexOf('\n## Walkthrough');
  if (start === -1) return '';
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

const section = walkthrough();
const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
  (m[1] ?? '').split('\n').filter((l) => l.startsWith('npx pchat-sim ')),
);
const shownResults = [
  ...new Set(
    [...section.matchAll(/`(results\/[\w./-]+\.(?:svg|html|csv|json))`/g)].map((m) => m[1] as string),
  ),
];
const shownDocs = [
  ...new Set([...section.matchAll(/\]\((docs\/[\w./-]+\.svg)\)/g)].map((m) => m[1] as string)),
];

/** Title and subtitle of a chart: the first two text elements vega draws. */
function heading(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
    .map((m) => m[1] as string)
    .filter((t) => /[a-z]/.test(t))
    .slice(0, 2);
}

describe('README walkthrough', () => {
  const cwd = process.cwd();
  const dir = tempDir('pchat-sim-walkthrough-');
  symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'));
  symlinkSync(join(ROOT, 'schema'), join(dir, 'schema'));
  afterAll(() => process.chdir(cwd));

  it('has four questions, each with its commands and a committed chart', () => {
    expect(section.match(/\n### /g)).toHaveLength(4);
    expect(commands.length).toBeGreaterThanOrEqual(4);
    expect(shownDocs.length).toBeGreaterThanOrEqual(4);
  });

  it('runs every command as written and produces every file it shows', async () => {
    process.chdir(dir);
    for (const line of commands) {
      const { code, err } = await cli(...line.slice('npx pchat-sim '.length).split(/\s+/));
      expect({ line, code, err }).toEqual({ line, code: 0, err: [] });
    }
    for (const f of shownResults) expect(existsSync(join(dir, f)), f).toBe(true);
    // The figures the walkthrough quotes.
    const n1 = JSON.parse(readFileSync(join(dir, 'results/n-minus-1-absorbed/summary.json'), 'utf8')) as {
      servers: Record<string, { peak: number; secondsOverCapacity: number }>;
    };
    expect(
      ['pc1', 'pc2', 'pc3'].map((s) => [n1.servers[s]?.peak, n1.servers[s]?.secondsOverCapacity]),
    ).toEqual([
      [26667, 3570],
      [26667, 3570],
      [26666, 3570],
    ]);
    const monday = JSON.parse(readFileSync(join(dir, 'results/monday-measured/summary.json'), 'utf8')) as {
      signIns: { firstAttempts: number; firstRefused: number; blocking: number; gaveUp: number };
      waiting: { peak: number };
    };
    expect([monday.signIns, monday.waiting.peak]).toEqual([
      expect.objectContaining({ firstAttempts: 67894, firstRefused: 17408, gaveUp: 0 }),
      3804,
    ]);
    expect(monday.signIns.blocking).toBeCloseTo(0.256, 3);
    const plan = readFileSync(join(dir, 'results/n-minus-1-refused-plan/plan.txt'), 'utf8');
    expect(plan).toContain('4 active servers: the smallest count that meets the targets');
    expect(plan).toContain('60,000 with 1 failed; 80,000 with none');
    for (const doc of shownDocs) {
      const produced = join(dir, doc.replace(/^docs\//, 'results/'));
      expect(existsSync(produced), `${doc} mirrors ${produced}`).toBe(true);
      const committed = join(ROOT, doc);
      if (process.env['UPDATE_DOCS'] === '1') {
        mkdirSync(dirname(committed), { recursive: true });
        copyFileSync(produced, committed);
      }
      expect(
        existsSync(committed),
        `${doc} is committed (UPDATE_DOCS=1 npx vitest run test/report/walkthrough.test.ts)`,
      ).toBe(true);
      expect(heading(readFileSync(committed, 'utf8')), doc).toEqual(heading(readFileSync(produced, 'utf8')));
    }
    // Several full runs and a plan (5 replications per candidate): slower than one test usually is.
  }, 240_000);
});
