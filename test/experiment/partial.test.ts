import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromJson, configToJson } from '../../src/experiment/run/config-json.js';
import { PARTIAL_VERSION, readPartial } from '../../src/experiment/shards/partial.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { tempDir } from '../helpers.js';

describe('partial.json', () => {
  it('carries the normalised scenario exactly, unlimited rates and never-promoted standbys included', () => {
    for (const file of [
      'scenarios/default.yaml',
      'scenarios/n-minus-1-refused.yaml',
      'scenarios/site-dr-failback.yaml',
    ]) {
      const config = loadScenarioFile(file);
      const back = configFromJson(JSON.parse(JSON.stringify(configToJson(config))));
      expect(back).toEqual(config);
      expect(Object.isFrozen(back.workload)).toBe(true);
    }
    const rate = loadScenarioFile('scenarios/default.yaml').pools[0]?.signInRatePerServer;
    expect(
      configFromJson(configToJson(loadScenarioFile('scenarios/default.yaml'))).pools[0]?.signInRatePerServer,
    ).toBe(rate);
  });

  it('is versioned: an earlier version is refused saying what it lacks, a version of the wrong type by its type', () => {
    const dir = join(tempDir(), 'old-shard');
    mkdirSync(dir);
    const file = join(dir, 'partial.json');
    const refused = (content: unknown): unknown => {
      writeFileSync(file, JSON.stringify(content));
      try {
        readPartial(dir);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    const format = 'pchat-sim-partial';
    expect(PARTIAL_VERSION).toBe(3);
    expect(refused({ format, version: 1 })).toBe(
      `${file}: a version 1 shard (written before partial.json carried the scenario); run the shards again with this pchat-sim`,
    );
    expect(refused({ format, version: 2 })).toBe(
      `${file}: a version 2 shard (written before partial.json carried the build id); run the shards again with this pchat-sim`,
    );
    expect(refused({ format, version: '2' })).toBe(
      `${file}: version: expected a number; received string "2"`,
    );
    expect(refused({ format, version: 4 })).toBe(`${file}: version: expected 3; received 4`);
    expect(refused({ format: 'other', version: 3 })).toBe(
      `${file}: format: expected "pchat-sim-partial"; received "other"`,
    );
  });
});
