// plan.txt's and report.html's words for what the planner chose: where the warm-up came from, and the
// failure with --n-minus 0 (none failed) against 1 or more. n-minus-1-refused.yaml is deterministic
// (fixed sessions, no arrivals), so one run a row and a coarse search keep each plan to about a second.
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

describe('the failure in the answer', () => {
  it('reads "with no server failed" once with --n-minus 0, never "with 0 failed"', async () => {
    const { text, html } = await plan(REFUSED, '--users', '60000', '--n-minus', '0');
    expect(text).toContain(
      [
        'answer for pool pchat, 60,000 users with no server failed:',
        '  3 active servers: the smallest count that meets the targets.',
        "largest user count on the scenario's own servers in pool pchat (4 active + 0 standby), to the nearest 20,000: 80,000 with no server failed.",
        '',
      ].join('\n'),
    );
    expect(html).toContain(
      'Pool pchat: 3 active servers carry 60,000 users with no server failed within every target.',
    );
    for (const page of [text, html]) {
      expect(page).not.toContain('with 0 failed');
      expect(page).not.toContain('with none.');
    }
    // Without --users, only the largest user count: one figure, said once.
    const largest = await plan(REFUSED, '--n-minus', '0');
    expect(largest.html).toContain(
      'Pool pchat: its own 4 active + 0 standby carry 80,000 users with no server failed, to the nearest 20,000.',
    );
    expect(largest.text).not.toContain('with 0 failed');
  });

  it('keeps the count with 1 or more failed, and the count with none beside it', async () => {
    const one = await plan(REFUSED, '--users', '60000');
    expect(one.text).toContain('answer for pool pchat, 60,000 users with 1 failed:');
    expect(one.text).toContain('to the nearest 20,000: 60,000 with 1 failed; 80,000 with none.');
    expect(one.html).toContain(
      'Pool pchat: 4 active servers carry 60,000 users with 1 failed within every target.',
    );
    const two = await plan(REFUSED, '--n-minus', '2');
    expect(two.text).toContain('to the nearest 20,000: 40,000 with 2 failed; 80,000 with none.');
    expect(two.html).toContain(
      'Pool pchat: its own 4 active + 0 standby carry 40,000 users with 2 failed and 80,000 with none, to the nearest 20,000.',
    );
  });
});
