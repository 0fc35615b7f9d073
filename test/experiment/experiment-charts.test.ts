import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { tempDir } from '../helpers.js';

const quiet = { out: () => undefined, err: () => undefined };

describe('charts of experiments', () => {
  it('leaves the band chart and report.html beside a replicated run', async () => {
    const out = join(tempDir(), 'rep');
    expect(
      await runCli(
        [
          'run',
          'scenarios/n-minus-1-absorbed.yaml',
          '--replications',
          '2',
          '--workers',
          '1',
          '--out',
          out,
          '--quiet',
        ],
        quiet,
      ),
    ).toBe(0);
    for (const f of ['chart-bands.svg', 'chart-servers.svg', 'report.html'])
      expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('chart-bands');
  });

  it('leaves the sweep chart beside sweep.csv', async () => {
    const out = join(tempDir(), 'sweep');
    const code = await runCli(
      [
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
      ],
      quiet,
    );
    expect(code).toBe(0);
    const svg = readFileSync(join(out, 'chart-sweep.svg'), 'utf8');
    expect(svg).toContain('sweep over topology.pools[0].admissionLimitPerServer');
  });
});
