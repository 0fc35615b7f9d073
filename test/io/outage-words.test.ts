import { describe, expect, it } from 'vitest';
import { outagesTable } from '../../src/io/report/summary-tables.js';
import { textSummary } from '../../src/io/text-summary.js';
import { runFile } from '../helpers.js';

describe('outages in words', () => {
  it('says how many of the cut-off users never came back, in the terminal and the report', async () => {
    const { summary } = await runFile('scenarios/n-minus-1-refused.yaml');
    const text = textSummary(summary);
    expect(text).toContain(
      'outage at 1h00m00s: server pc4 failure; 20,000 users cut off; 20,000 of 20,000 never back (20,000 gave up)',
    );
    expect(text).toContain('users lost (gave up): 20,000 of 80,000');
    expect(text).toContain('user-hours without service (users cut off by outages): 20000.0');
    const html = outagesTable(summary);
    for (const h of [
      'affected',
      'recovered',
      'lost (gave up)',
      'left while waiting',
      'still waiting',
      'recovery',
    ])
      expect(html).toContain(`<th>${h}</th>`);
    expect(html).toContain(
      '<td>20,000</td><td>0</td><td>20,000</td><td>0</td><td>0</td><td>20,000 of 20,000 never back</td>',
    );
  });

  it('gives the recovery time when everyone is back', async () => {
    const { summary } = await runFile('scenarios/n-minus-1-absorbed.yaml');
    expect(textSummary(summary)).toContain('20,000 users cut off; all back after 30s');
    expect(outagesTable(summary)).toContain(
      '<td>20,000</td><td>0</td><td>0</td><td>0</td><td>all back after 30s</td>',
    );
  });
});
