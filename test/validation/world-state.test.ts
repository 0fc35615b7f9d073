// A world saved between two events and read into a new one goes on exactly as the original: every
// shipped scenario split at instants before, during and after its faults gives the straight run's
// timeline rows, events and summary. In memory, no files (the file format has its own tests).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunCursor, runToEnd } from '../../src/experiment/run/run-cursor.js';
import { PartsReader, PartsWriter } from '../../src/io/checkpoint/state-parts.js';
import type { SimConfig } from '../../src/model/config.js';
import type { EventRecord } from '../../src/model/event-log.js';
import { summarise } from '../../src/model/summary.js';
import { loadScenario } from '../../src/scenario/load.js';

interface Outcome {
  rows: string[];
  events: EventRecord[];
  summary: string;
}

function collect(cursor: RunCursor, into: Outcome): void {
  runToEnd(
    cursor,
    (row) => into.rows.push(row.join(',')),
    () => into.events.push(...cursor.world.log.drain()),
  );
}

function straight(config: SimConfig): Outcome {
  const out: Outcome = { rows: [], events: [], summary: '' };
  const cursor = new RunCursor(config);
  collect(cursor, out);
  out.summary = JSON.stringify(summarise(cursor.world));
  return out;
}

/** Runs to `t`, saves, copies every byte (nothing shared), reads into a new world and runs on. */
function split(config: SimConfig, t: number): Outcome {
  const out: Outcome = { rows: [], events: [], summary: '' };
  const first = new RunCursor(config);
  first.pauseAt(t);
  collect(first, out);
  expect(first.paused).toBe(true);
  const writer = new PartsWriter();
  first.saveState(writer);
  const reader = new PartsReader(writer.parts.map((p) => ({ kind: p.kind, bytes: p.bytes.slice() })));
  const second = new RunCursor(config, RunCursor.startFrom(reader));
  expect(reader.done).toBe(true);
  collect(second, out);
  out.summary = JSON.stringify(summarise(second.world));
  return out;
}

/** Instants around the scenario's faults (before the first, just after it, after the last), and its middle. */
function instants(config: SimConfig): number[] {
  const at = config.faults.map((f) => f.at);
  const d = config.durationS;
  const first = at.length > 0 ? Math.min(...at) : d / 3;
  const last = at.length > 0 ? Math.max(...at) : (2 * d) / 3;
  return [...new Set([first / 2, first, first + 7.5, (last + d) / 2].filter((t) => t >= 0 && t < d))];
}

const scenarios = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

describe('a world saved and read back', () => {
  for (const file of scenarios) {
    it(`goes on as the straight run: ${file}`, async () => {
      const config = await loadScenario(`scenarios/${file}`);
      const whole = straight(config);
      for (const t of instants(config)) {
        const parts = split(config, t);
        expect(parts.rows.join('\n') === whole.rows.join('\n'), `${file} at ${t} s: timeline`).toBe(true);
        expect(parts.events, `${file} at ${t} s: events`).toEqual(whole.events);
        expect(parts.summary, `${file} at ${t} s: summary`).toBe(whole.summary);
      }
    });
  }
});
