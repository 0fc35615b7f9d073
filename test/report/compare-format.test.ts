// compare's lines for people: each figure in the tool's number style by its kind in the catalogue, the
// difference signed, its interval said to be paired or unpaired.
import { describe, expect, it } from 'vitest';
import { compareLine, compareTerminal, formatOf } from '../../src/io/report/compare-format.js';
import type { CompareRow, ComparedRun } from '../../src/io/report/compare-table.js';
import { serverRowShown } from '../../src/io/report/compare-html.js';

const runs = [{ name: 'default' }, { name: 'stretched-2-2' }] as unknown as ComparedRun[];
const row = (
  figure: string,
  values: (number | null)[],
  d: Partial<CompareRow['differences'][number]>,
): CompareRow => ({
  figure,
  values,
  differences: [{ d: null, lo: null, hi: null, interval: null, ...d }],
});

describe('compare in words', () => {
  it('writes counts with separators, ratios as percentages, spans in h/m/s, intervals labelled', () => {
    const peak = row('connected.peak', [60029.875, 43372], {
      d: -16657.875,
      lo: -16868.3604,
      hi: -16447.3896,
      interval: 'paired',
    });
    expect(compareLine(peak, 'peak connected users', runs)).toBe(
      'peak connected users: default 60,030 vs stretched-2-2 43,372; difference -16,658 (95% CI -16,868 to -16,447, paired)',
    );
    const blocking = row('signIns.blocking', [0, 0.364442229], {
      d: 0.364442229,
      lo: 0.2,
      hi: 0.5,
      interval: 'unpaired',
    });
    expect(compareLine(blocking, 'blocking', runs)).toBe(
      'blocking: default 0% vs stretched-2-2 36.444%; difference +36.444% (95% CI +20% to +50%, unpaired)',
    );
    const worst = row('max(servers.*.secondsOverCapacity)', [3630, 1830], { d: -1800 });
    expect(compareLine(worst, 'worst server', runs)).toBe(
      'worst server: default 1h00m30s vs stretched-2-2 30m30s; difference -30m00s',
    );
    expect(formatOf('warnings.server-over-capacity.pc1.seconds')(90)).toBe('1m30s');
    expect(formatOf('signIns.gaveUp')(0.364)).toBe('0.4');
    expect(formatOf('userSecondsWithoutService.total')(443809)).toBe('123.3 h');
  });

  it('prints the key rows the runs have, recovery and the worst server among them', () => {
    const rows = [
      row('connected.peak', [1, 2], { d: 1 }),
      row('connected.mean', [1, 2], { d: 1 }),
      row('max(outages[].recovery95_s)', [300, null], {}),
      row('max(servers.*.secondsOverCapacity)', [0, 60], { d: 60 }),
    ];
    expect(compareTerminal(rows, runs)).toEqual([
      'peak connected users: default 1 vs stretched-2-2 2; difference +1',
      '95% back after (the slowest outage): default 5m00s vs stretched-2-2 –; difference –',
      'worst server: time over capacity: default 0s vs stretched-2-2 1m00s; difference +1m00s',
    ]);
  });

  it("lists a server's time over capacity only where some run had any and the runs differ", () => {
    const f = 'servers.pc1.secondsOverCapacity';
    expect(serverRowShown(row(f, [0, null], {}))).toBe(false);
    expect(serverRowShown(row(f, [600, 600], { d: 0 }))).toBe(false);
    expect(serverRowShown(row(f, [600, null], {}))).toBe(true);
    expect(serverRowShown(row(f, [600, 660], { d: 60, lo: -10, hi: 130 }))).toBe(true);
    expect(serverRowShown(row(f, [600, 600], { d: 0, lo: 10, hi: 30 }))).toBe(true);
  });
});
