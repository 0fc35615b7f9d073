import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

describe('charts of experiments', () => {
  it('leaves the band chart and report.html beside a replicated run', async () => {
    const out = join(tempDir(), 'rep');
    expect(
      (
        await cli(
          'run',
          'scenarios/n-minus-1-absorbed.yaml',
          '--replications',
          '2',
          '--workers',
          '1',
          '--out',
          out,
          '--quiet',
        )
      ).code,
    ).toBe(0);
    for (const f of ['chart-bands.svg', 'chart-servers.svg', 'report.html'])
      expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('chart-bands');
  });

  it('leaves the sweep chart beside sweep.csv', async () => {
    const out = join(tempDir(), 'sweep');
    const code = (
      await cli(
        'sweep',
        'scenarios/n-minus-1-refused.yaml',
        '--set',
        'topology.pools[0].admissionLimitPerServer=20000,30000',
        '--replications',
        '1',
        '--workers',
        '1',
        '--out',
        out,
        '--quiet',
      )
    ).code;
    expect(code).toBe(0);
    const svg = readFileSync(join(out, 'chart-sweep.svg'), 'utf8');
    expect(svg).toContain('sweep over topology.pools[0].admissionLimitPerServer');
  });
});
