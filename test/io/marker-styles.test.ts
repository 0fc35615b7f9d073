// The charts' event markers: one style per category (failures, recoveries, admin actions, database and
// site events) that stays apart for colour-blind readers, and numbers and labels never drawn over each
// other (site-dr-failback: nine markers, three at one instant, two near the end beside the limit label).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markerGroups, MARKER_STYLES, numberPlaces } from '../../src/io/charts/marks.js';
import { timeAxis } from '../../src/io/charts/time-axis.js';
import { EVENT_NAMES, type EventName } from '../../src/model/figures/event-names.js';
import { runFile } from '../helpers.js';
import { overlaps, textMarks } from './svg-text-boxes.js';

/** Colour-vision deficiency at full severity (Machado, Oliveira & Fernandes 2009), on linear RGB. */
const VISIONS: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** CIELAB of a `#rrggbb` colour as seen with `vision` (D65). */
function lab(hex: string, vision: number[][]): [number, number, number] {
  const rgb = [1, 3, 5].map((i) => toLinear(parseInt(hex.slice(i, i + 2), 16) / 255));
  const [r, g, b] = vision.map((row) =>
    Math.min(
      1,
      Math.max(
        0,
        row.reduce((a, k, j) => a + k * (rgb[j] ?? 0), 0),
      ),
    ),
  ) as [number, number, number];
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}

describe('event marker styles', () => {
  const styles = Object.values(MARKER_STYLES);

  it('give each category a hue that stays apart (CIE76 ΔE ≥ 20) with every kind of colour vision', () => {
    for (const [name, vision] of Object.entries(VISIONS))
      styles.forEach((a, i) => {
        for (const b of styles.slice(i + 1)) {
          const d = Math.hypot(...lab(a.colour, vision).map((v, k) => v - (lab(b.colour, vision)[k] ?? 0)));
          expect(d, `${a.label} vs ${b.label}, ${name}`).toBeGreaterThanOrEqual(20);
        }
      });
  });

  it('give each category its own dash, so categories differ without colour too', () => {
    expect(new Set(styles.map((s) => s.dash.join(','))).size).toBe(styles.length);
  });

  it('cover every event name through its category', () => {
    for (const e of Object.keys(EVENT_NAMES) as EventName[])
      expect(MARKER_STYLES[EVENT_NAMES[e].category], e).toBeDefined();
  });
});

describe('marker numbers', () => {
  it('never overlap, however close the markers: a new row where one would', () => {
    const events = [0, 10, 20, 30, 3580, 3590, 3600, 3600].map((t, i) => ({
      time_s: t,
      event: (['fail', 'restore', 'promote', 'drain'] as const)[i % 4] ?? 'fail',
      server: `pc${i}`,
      detail: '',
      replication: 0,
    }));
    const groups = markerGroups(events);
    const places = numberPlaces(groups, timeAxis(3600), 860);
    places.forEach((a, i) => {
      for (const b of places.slice(i + 1))
        if (a.row === b.row) expect(a.toPx <= b.fromPx || b.toPx <= a.fromPx, `${i}`).toBe(true);
    });
    expect(places.every((p) => p.fromPx >= 0 && p.toPx <= 860)).toBe(true);
  });

  it('and the limit labels are never drawn over one another in site-dr-failback', async () => {
    const run = await runFile('scenarios/site-dr-failback.yaml');
    const { writeRunReport } = await import('../../src/io/report/write-report.js');
    const { loadScenario } = await import('../../src/scenario/load.js');
    await writeRunReport(await loadScenario('scenarios/site-dr-failback.yaml'), run.dir, run.summary);
    for (const chart of ['chart-servers.svg', 'chart-users.svg', 'chart-active.svg']) {
      const boxes = textMarks(readFileSync(join(run.dir, chart), 'utf8'));
      expect(boxes.map((b) => b.text)).toEqual(
        expect.arrayContaining(['1', '2', '3', '4', '5', '6', '7', '8', '9']),
      );
      if (chart === 'chart-servers.svg') expect(boxes.map((b) => b.text)).toContain('supported 20,000');
      expect(overlaps(boxes), chart).toEqual([]);
    }
  });
});
