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

  it('is versioned: a version 1 shard is refused with a line saying what to do', () => {
    const dir = join(tempDir(), 'old-shard');
    mkdirSync(dir);
    writeFileSync(join(dir, 'partial.json'), JSON.stringify({ format: 'pchat-sim-partial', version: 1 }));
    expect(PARTIAL_VERSION).toBe(2);
    expect(() => readPartial(dir)).toThrow(
      `${join(dir, 'partial.json')}: a version 1 shard (written before partial.json carried the scenario); run the shards again with this pchat-sim`,
    );
  });
});
