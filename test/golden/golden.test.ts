// Golden outputs: every shipped scenario's summary.json, and the size and SHA-256 of its timeline.csv
// and events.csv, compared with the files under test/golden/outputs/. A change of results shows in
// their diff: regenerate them deliberately with `npm run golden:update` and say why in the commit.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.js';

const SCENARIOS = 'scenarios';

function digest(text: string): { rows: number; bytes: number; sha256: string } {
  const rows = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { rows, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
}

const files = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('golden outputs of the shipped scenarios', () => {
  it('covers every shipped scenario', () => {
    const goldens = readdirSync(join('test', 'golden', 'outputs')).sort();
    expect(goldens).toEqual(files.map((f) => `${basename(f, '.yaml')}.json`));
  });

  for (const file of files) {
    it(`${file} gives its committed summary and file digests`, async () => {
      const out = await runFile(join(SCENARIOS, file));
      const golden = {
        summary: JSON.parse(out.summaryJson) as unknown,
        'timeline.csv': digest(out.timeline),
        'events.csv': digest(out.events),
      };
      await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot(
        join('outputs', `${basename(file, '.yaml')}.json`),
      );
    });
  }
});
