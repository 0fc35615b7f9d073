// plan.txt's and report.html's words for what the planner chose: where the warm-up came from.
// n-minus-1-refused.yaml is deterministic (fixed sessions, no arrivals), so one run a row and a coarse
// search keep each plan to about a second.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

/** `plan <file> ...options`, one run a row, to the nearest 20,000: plan.txt and report.html. */
async function plan(file: string, ...options: string[]): Promise<{ text: string; html: string }> {
  const out = join(tempDir(), 'p');
  const r = await cli(
    ...['plan', file, ...options],
    ...['--replications', '1', '--workers', '1', '--resolution', '20000', '--out', out],
  );
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  return {
    text: readFileSync(join(out, 'plan.txt'), 'utf8'),
    html: readFileSync(join(out, 'report.html'), 'utf8'),
  };
}

const REFUSED = 'scenarios/n-minus-1-refused.yaml';

/** n-minus-1-refused.yaml with a `warmup` key. */
function withWarmupKey(warmup: string): string {
  const file = join(tempDir(), 'warm.yaml');
  writeFileSync(
    file,
    readFileSync(REFUSED, 'utf8').replace('duration: 2h', `duration: 2h\nwarmup: ${warmup}`),
  );
  return file;
}

describe("plan's warm-up line", () => {
  it('names --warmup when the option set it, in plan.txt and report.html', async () => {
    const { text, html } = await plan(REFUSED, '--users', '80000', '--warmup', '1h');
    const line = 'every figure is taken after a 3,600 s warm-up (--warmup).';
    expect(text).toContain(`\n${line}\n`);
    expect(html).toContain(line);
    expect(text).not.toContain("the scenario's warmup");
  });

  it("names the scenario's warmup key when it set it, and --warmup when the option replaced it", async () => {
    const file = withWarmupKey('30m');
    expect((await plan(file, '--users', '80000')).text).toContain(
      "\nevery figure is taken after a 1,800 s warm-up (the scenario's warmup).\n",
    );
    const replaced = (await plan(file, '--users', '80000', '--warmup', '45m')).text;
    expect(replaced).toContain('\nevery figure is taken after a 2,700 s warm-up (--warmup).\n');
    expect(replaced).not.toContain("the scenario's warmup");
  });

  it('says nothing of a warm-up without one, or with --warmup 0 in place of the key', async () => {
    expect((await plan(REFUSED, '--users', '80000')).text).not.toContain('every figure is taken after');
    const zero = await plan(withWarmupKey('30m'), '--users', '80000', '--warmup', '0');
    expect(zero.text).not.toContain('every figure is taken after');
  });
});
