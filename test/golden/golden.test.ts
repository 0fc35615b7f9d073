// Golden outputs of every shipped scenario, under test/golden/outputs/, in three files a reviewer can
// read in a diff: <name>.json (summary.json, and the rows, size and SHA-256 of timeline.csv and
// events.csv), <name>.events.csv (events.csv verbatim) and <name>.timeline.csv (timeline.csv's header
// and every k-th row verbatim, the first and the last among them). A change of results shows in their
// diff: regenerate them deliberately with `npm run golden:update` and say why in the commit.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFile } from '../helpers.js';

const SCENARIOS = 'scenarios';
/** Timeline rows kept at most (k is chosen per scenario so that its golden stays this short). */
const TIMELINE_ROWS = 100;
/**
 * events.csv rows kept verbatim at most; a longer log keeps its first and last EVENTS_ROWS / 2 rows
 * (the digest in <name>.json covers the whole file). No shipped scenario logs that many today.
 */
const EVENTS_ROWS = 400;

function digest(text: string): { rows: number; bytes: number; sha256: string } {
  const rows = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { rows, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
}

/** The header and rows of a CSV text ending in a newline (or empty). */
function lines(text: string): { header: string; rows: string[] } {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return { header: all[0] ?? '', rows: all.slice(1) };
}

/** The header and rows 0, k, 2k, … of timeline.csv, with k the smallest step keeping TIMELINE_ROWS. */
function timelineSample(text: string): string {
  const { header, rows } = lines(text);
  const k = Math.max(1, Math.ceil(rows.length / (TIMELINE_ROWS - 1)));
  const kept = rows.filter((_, i) => i % k === 0 || i === rows.length - 1);
  return [header, ...kept].map((l) => `${l}\n`).join('');
}

/** events.csv verbatim, or its header, first and last rows if it has more than EVENTS_ROWS rows. */
function eventsKept(text: string): string {
  const { header, rows } = lines(text);
  if (rows.length <= EVENTS_ROWS) return text;
  const kept = [...rows.slice(0, EVENTS_ROWS / 2), ...rows.slice(-EVENTS_ROWS / 2)];
  return [header, ...kept].map((l) => `${l}\n`).join('');
}

const names = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => basename(f, '.yaml'))
  .sort();

describe('golden outputs of the shipped scenarios', () => {
  it('covers every shipped scenario', () => {
    const goldens = readdirSync(join('test', 'golden', 'outputs')).sort();
    const expected = names.flatMap((n) => [`${n}.events.csv`, `${n}.json`, `${n}.timeline.csv`]).sort();
    expect(goldens).toEqual(expected);
  });

  for (const name of names) {
    it(`${name}.yaml gives its committed summary, digests, events and timeline rows`, async () => {
      const out = await runFile(join(SCENARIOS, `${name}.yaml`));
      const golden = {
        summary: JSON.parse(out.summaryJson) as unknown,
        'timeline.csv': digest(out.timeline),
        'events.csv': digest(out.events),
      };
      const file = (suffix: string) => join('outputs', `${name}${suffix}`);
      await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot(file('.json'));
      await expect(eventsKept(out.events)).toMatchFileSnapshot(file('.events.csv'));
      await expect(timelineSample(out.timeline)).toMatchFileSnapshot(file('.timeline.csv'));
    });
  }
});
