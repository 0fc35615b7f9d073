// Scenario issues are data: path, expected, received, and the one-line message built from them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError, type Issue } from '../../src/errors.js';
import { loadScenarioFile } from '../../src/scenario/load.js';

const DIR = join('test', 'fixtures', 'invalid');

function issuesOf(file: string): readonly Issue[] {
  try {
    loadScenarioFile(join(DIR, file));
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues;
    throw e;
  }
  throw new Error(`${file} loaded`);
}

const fields = (i: Issue) => ({ path: i.path, expected: i.expected, received: i.received });

describe('scenario issues', () => {
  it('carry the path, what the rule expects and what the file holds', () => {
    expect(fields(issuesOf('five-active-servers.yaml')[0] as Issue)).toEqual({
      path: 'topology.pools[0].servers[4].role',
      expected: 'a pool has at most 4 active servers',
      received: '5',
    });
    expect(fields(issuesOf('type-seed-string.yaml')[0] as Issue)).toEqual({
      path: 'seed',
      expected: 'a number',
      received: '"seven"',
    });
    expect(fields(issuesOf('missing-topology.yaml')[0] as Issue)).toEqual({
      path: 'topology',
      expected: 'a mapping (key: value)',
      received: null,
    });
    expect(fields(issuesOf('fault-unknown-server.yaml')[0] as Issue)).toEqual({
      path: 'faults[0].fail',
      expected: 'one of pc1, pc2',
      received: '"pc9"',
    });
    expect(fields(issuesOf('negative-seed.yaml')[0] as Issue)).toEqual({
      path: 'seed',
      expected: 'number to be >=0',
      received: '-1',
    });
    expect(fields(issuesOf('unknown-key-hint.yaml')[0] as Issue)).toEqual({
      path: '',
      expected: 'a key the schema knows',
      received: '"durration"',
    });
    expect(fields(issuesOf('utf16.yaml')[0] as Issue)).toEqual({
      path: '',
      expected: 'a scenario file is UTF-8 text',
      received: 'UTF-16 text (save it as UTF-8)',
    });
  });

  it('say in their message what they hold as data, for every malformed fixture', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'expected.json');
    for (const f of files) {
      for (const i of issuesOf(f)) {
        if (i.received !== null) expect(i.message, f).toContain(i.received);
        if (!i.message.startsWith('unknown key')) expect(i.message, f).toContain(i.expected);
        expect(i.message, f).not.toMatch(/\n/);
      }
    }
  });
});
