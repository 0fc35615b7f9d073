// The report's timeline charts read the rows a run kept as it wrote timeline.csv, not the file read back:
// the two are the same to the last bit, whether every row is a point or rows are cut to buckets.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTimeline } from '../../src/io/charts/timeline-file.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runConfig } from '../helpers.js';

describe("a run's timeline for its charts", () => {
  it.each([
    ['every row a point', '1m', 1],
    ['rows cut to buckets of 3', '10s', 3],
  ])('is timeline.csv as the charts read it back: %s', async (_name, every, bucketRows) => {
    const out = await runConfig(loadScenarioFile('scenarios/default.yaml', { sampleEvery: every }));
    const kept = out.chartTimeline;
    expect(kept?.bucketRows).toBe(bucketRows);
    expect(kept).toEqual(await readTimeline(join(out.dir, 'timeline.csv')));
  });
});
