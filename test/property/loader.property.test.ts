// Property: whatever the loader is fed (any value, an almost-valid scenario, any text, any bytes), it
// returns a config or throws a ScenarioError of one-line `file: ...` messages: never another
// exception, never a hang (the test's timeout). A valid scenario always loads.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { loadScenarioFile, parseScenarioText, scenarioFromObject } from '../../src/scenario/load.js';
import { tempDir } from '../helpers.js';
import { almostValidScenarioArb, anyValue, FC_SEED, validScenarioArb } from './scenario-arbitrary.js';

const RUNS = 300;

/** Loads or fails with a ScenarioError; anything else fails the property. Returns true if it loaded. */
function loadsOrScenarioError(file: string, load: () => unknown): boolean {
  try {
    load();
    return true;
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const line of e.message.split('\n')) {
      expect(line.startsWith(`${file}: `)).toBe(true);
      expect(line.length).toBeLessThan(400 + file.length);
    }
    expect(e.message.split('\n')).toHaveLength(e.issues.length);
    return false;
  }
}

/** Bits of YAML syntax, so random text reaches deep into the parser (anchors, flows, blocks, tags). */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '[',
        ']',
        '{',
        '}',
        '- ',
        ': ',
        ', ',
        '&a ',
        '*a',
        '\n',
        '  ',
        '"',
        "'",
        '# ',
        '|\n',
        '>-\n',
        '!!binary ',
        '!x ',
        '---\n',
        '? ',
        '<<: ',
      ),
      fc.constantFrom(
        'topology',
        'edition',
        'pools',
        'servers',
        'name',
        'workload',
        'faults',
        'enterprise',
        '.nan',
        '.inf',
        '1e400',
        '-1',
        '8h',
      ),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

/** Deep nesting of every kind YAML has (flow lists, flow maps, block lists), up to far past the limit. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom(['[', ']'], ['{a: ', '}'], ['- ', '']))
  .map(([n, [open, close]]) => `${open.repeat(n)}1${close.repeat(n)}`);

describe('the scenario loader, fed anything', () => {
  // A parser warning printed by Node would be a second, unasked-for line on stderr.
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  beforeAll(() => void process.on('warning', onWarning));
  afterAll(() => {
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
  });

  it('prints no parser warning for a list used as a key (it is an unknown key)', async () => {
    expect(() => parseScenarioText('[a, b]: 1\n', 'k.yaml')).toThrow('k.yaml: unknown key "[ a, b ]"');
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });

  it('loads or throws a ScenarioError for any value', () => {
    fc.assert(
      fc.property(
        anyValue,
        (v) => void loadsOrScenarioError('any.yaml', () => scenarioFromObject(v, 'any.yaml')),
      ),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });

  it('loads or throws a ScenarioError for a valid scenario with random values anywhere in it', () => {
    fc.assert(
      fc.property(
        almostValidScenarioArb,
        (v) => void loadsOrScenarioError('near.yaml', () => scenarioFromObject(v, 'near.yaml')),
      ),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });

  it('loads every valid scenario', () => {
    fc.assert(
      fc.property(validScenarioArb, (v) => {
        expect(loadsOrScenarioError('valid.yaml', () => scenarioFromObject(v, 'valid.yaml'))).toBe(true);
      }),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });

  it('loads or throws a ScenarioError for any text, YAML-like or not, and for the YAML of any value', () => {
    const text = fc.oneof(
      yamlish,
      deep,
      fc.string({ unit: 'binary', maxLength: 200 }),
      anyValue.map((v) => safeJson(v)),
    );
    fc.assert(
      fc.property(text, (t) => void loadsOrScenarioError('t.yaml', () => parseScenarioText(t, 't.yaml'))),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });

  it('loads or throws a ScenarioError for any bytes in a file', () => {
    const dir = tempDir();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const file = join(dir, 'bytes.yaml');
        writeFileSync(file, bytes);
        loadsOrScenarioError(file, () => loadScenarioFile(file));
      }),
      { numRuns: 100, seed: FC_SEED },
    );
  });

  it('treats command-line overrides like the file keys', () => {
    const text = 'topology: { edition: enterprise, pools: [ { name: p, servers: [ { name: a } ] } ] }\n';
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 3 }), (overrides) => {
        loadsOrScenarioError('o.yaml', () => parseScenarioText(text, 'o.yaml', overrides));
      }),
      { numRuns: RUNS, seed: FC_SEED },
    );
  });
});

/** JSON of a value fast-check made (bigints as strings), or a fallback text if it has none. */
function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) ?? 'null';
  } catch {
    return '{}';
  }
}
