import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A command's --help text: yargs prints it with console.log. */
async function helpOf(command: string): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect((await cli(command, '--help')).code).toBe(0);
    return log.mock.calls.map((c) => c.map(String).join(' ')).join('\n');
  } finally {
    log.mockRestore();
  }
}

const COMMANDS = ['run', 'validate', 'init', 'schema', 'sweep', 'merge', 'plan', 'compare', 'branch'];

describe('CLI habits', () => {
  it('suggests the command a typo meant, and lists the commands when none is near', async () => {
    expect(await cli('runn')).toEqual({
      code: 2,
      out: [],
      err: ['unknown command "runn"; did you mean run?', 'Run "pchat-sim --help" for usage.'],
    });
    expect((await cli('sweeep', 'x.yaml')).err[0]).toBe('unknown command "sweeep"; did you mean sweep?');
    expect((await cli('xyz')).err[0]).toBe(`unknown command "xyz"; the commands are ${COMMANDS.join(', ')}`);
  });

  it("names an unknown option with the command's nearest option, and a word the command does not take", async () => {
    expect(await cli('run', 'scenarios/default.yaml', '--replicatoins', '3')).toEqual({
      code: 2,
      out: [],
      err: [
        'unknown option --replicatoins; did you mean --replications?',
        'Run "pchat-sim run --help" for usage.',
      ],
    });
    // The options near are the command's own: plan has --max-replications, run has not.
    expect((await cli('plan', 'scenarios/default.yaml', '--max-replicatons', '9')).err[0]).toBe(
      'unknown option --max-replicatons; did you mean --max-replications?',
    );
    expect((await cli('run', 'scenarios/default.yaml', '--max-replicatons', '9')).err[0]).toBe(
      'unknown option --max-replicatons; did you mean --replications?',
    );
    expect((await cli('run', 'scenarios/default.yaml', '--zzz')).err[0]).toBe('unknown option --zzz');
    // A swap of two adjacent letters is one edit (optimal string alignment), not two.
    expect((await cli('run', 'scenarios/default.yaml', '--sede', '3')).err[0]).toBe(
      'unknown option --sede; did you mean --seed?',
    );
    expect((await cli('urn')).err[0]).toBe('unknown command "urn"; did you mean run?');
    expect((await cli('run', 'scenarios/default.yaml', '--banana')).err[0]).toBe('unknown option --banana');
    // yargs also lists the camelCase copy of a hyphenated option and the name under --no-: one line each, as typed.
    expect((await cli('run', 'scenarios/default.yaml', '--max-blocking', '1%')).err).toEqual([
      'unknown option --max-blocking',
      'Run "pchat-sim run --help" for usage.',
    ]);
    expect((await cli('run', 'scenarios/default.yaml', '--replica-tions=2')).err[0]).toBe(
      'unknown option --replica-tions; did you mean --replications?',
    );
    expect((await cli('run', 'scenarios/default.yaml', '--no-such-thing')).err).toEqual([
      'unknown option --no-such-thing',
      'Run "pchat-sim run --help" for usage.',
    ]);
    expect((await cli('run', 'a.yaml', 'b.yaml')).err).toEqual([
      'unexpected argument "b.yaml"',
      'Run "pchat-sim run --help" for usage.',
    ]);
  });

  it("shows examples in every command's --help, using only the command's own options and shipped files", async () => {
    for (const command of COMMANDS) {
      const help = await helpOf(command);
      const examples = help.slice(help.indexOf('\nExamples:\n'));
      expect(examples, command).toMatch(/^\nExamples:\n {2}pchat-sim /);
      const lines = examples.split('\n').filter((l) => l.startsWith('  pchat-sim '));
      expect(lines.length, command).toBeGreaterThanOrEqual(1);
      for (const line of lines) {
        expect(line, command).toMatch(new RegExp(`^ {2}pchat-sim ${command}\\b`));
        for (const flag of line.match(/--[a-z-]+/g) ?? [])
          expect(help, `${command} ${flag}`).toMatch(new RegExp(`\\n {2}${flag}\\s`));
        for (const f of line.match(/scenarios\/[\w-]+\.yaml/g) ?? []) expect(existsSync(f), f).toBe(true);
      }
    }
  });

  it('reads --duration 90 as 90 seconds, as a number in a scenario file', async () => {
    const dir = tempDir();
    const out = join(dir, 'o');
    const scenario = file(
      dir,
      's.yaml',
      'name: s\nduration: 1h\ntopology: { edition: enterprise, pools: [{ name: p, servers: [{ name: a }] }] }\nworkload: { arrivals: { rate: 1 } }\n',
    );
    const r = await cli('run', scenario, '--duration', '90', '--out', out, '--quiet');
    expect(r).toEqual({ code: 0, out: [], err: [] });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { duration_s: number };
    expect(summary.duration_s).toBe(90);
    // A bad duration is the option's mistake, not the file's.
    expect(await cli('run', scenario, '--duration', '90x', '--out', out, '--quiet', '--force')).toEqual({
      code: 2,
      out: [],
      err: [
        '--duration: expected a number of seconds, a duration like "90s", "15m", "2h45m", "7d" or a clock time like "08:15", "1d 08:15"; received "90x"',
      ],
    });
  });
});

describe('pchat-sim run', () => {
  it('runs the built-in default scenario and writes the contract files', async () => {
    const out = join(tempDir(), 'default');
    const r = await cli('run', '--out', out, '--quiet');
    expect(r).toEqual({ code: 0, out: [], err: [] });
    expect(
      readdirSync(out)
        .filter((f) => !f.startsWith('.'))
        .sort(),
    ).toEqual([
      'chart-active.svg',
      'chart-servers.svg',
      'chart-users.svg',
      'events.csv',
      'report.html',
      'run.json',
      'summary.json',
      'timeline.csv',
    ]);
    const lines = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'time_s,connected,waiting,denied,active_servers,pc1,pc2,pc3,pc4,pc5,pc6,pc7,pc8,pchat_state',
    );
    expect(lines).toHaveLength(8 * 60 + 2); // header + one row a minute from 0 to 8h inclusive
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    for (const key of [
      'scenario',
      'seed',
      'duration_s',
      'events_processed',
      'signIns',
      'connected',
      'servers',
      'warnings',
    ]) {
      expect(summary).toHaveProperty(key);
    }
    expect(Object.keys(summary['servers'] as object)).toHaveLength(8);
    const events = readFileSync(join(out, 'events.csv'), 'utf8');
    expect(events).toMatch(/^time_s,event,server,detail\n7200,fail,pc2,/);
    expect(events).toMatch(/\n8100,promote-failed,pc2,/);
    expect(events).toMatch(/\n18000,restore,pc2,/);
  });

  it('writes byte-identical outputs for the same scenario and seed', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    await cli('run', 'scenarios/morning-storm.yaml', '--out', a, '--quiet');
    await cli('run', 'scenarios/morning-storm.yaml', '--out', b, '--quiet');
    for (const f of ['timeline.csv', 'events.csv', 'summary.json']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    }
  });

  it('changes the outputs with another seed', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    await cli('run', 'scenarios/default.yaml', '--out', a, '--quiet', '--seed', '1');
    await cli('run', 'scenarios/default.yaml', '--out', b, '--quiet', '--seed', '2');
    expect(readFileSync(join(a, 'timeline.csv'), 'utf8')).not.toBe(
      readFileSync(join(b, 'timeline.csv'), 'utf8'),
    );
  });

  it('writes nothing and exits 2 on a bad scenario', async () => {
    const dir = tempDir();
    const bad = file(
      dir,
      'bad.yaml',
      'name: bad\ntopology: { edition: enterprise, pools: [ { name: p, servers: [] } ] }\n',
    );
    const out = join(dir, 'out');
    const r = await cli('run', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`${bad}: topology.pools[0].servers: a pool needs at least one server`]);
    expect(existsSync(out)).toBe(false);
  });

  it('prints a summary table on stdout', async () => {
    const r = await cli('run', 'scenarios/n-minus-1-refused.yaml', '--out', join(tempDir(), 'x'));
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(
      /sign-ins: 100,000 attempts, 80,000 accepted, 20,000 denied, 20,000 gave up/,
    );
  });
});

describe('pchat-sim validate', () => {
  it('accepts every shipped scenario', async () => {
    const files = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('scenarios', f));
    const r = await cli('validate', ...files);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('lists the scenario warnings with their codes', async () => {
    const r = await cli('validate', 'scenarios/two-pools-two-regions.yaml');
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out).toEqual([
      'scenarios/two-pools-two-regions.yaml: ok (1 warning)',
      "scenarios/two-pools-two-regions.yaml: warning: topology-sized-over-80000: The scenario's active servers are sized for 120,000 concurrent users (active servers times capacityPerServer, over all pools), above the 80,000 all pools together support [doc].",
    ]);
  });

  it('prints every problem of every file, one line each, and exits 2', async () => {
    const dir = tempDir();
    const five = file(
      dir,
      'five.yaml',
      'topology:\n  edition: enterprise\n  pools:\n    - name: p\n      servers: [{name: a}, {name: b}, {name: c}, {name: d}, {name: e}]\n',
    );
    const std = file(
      dir,
      'std.yaml',
      'topology:\n  edition: standard\n  pools:\n    - name: p\n      servers: [{name: a}, {name: b, role: standby}]\n',
    );
    const r = await cli('validate', five, std);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([
      `${five}: topology.pools[0].servers[4].role: a pool has at most 4 active servers; received 5`,
      `${std}: topology.pools[0].servers[1].role: Standard Edition has no high availability, so no standby servers; received role standby`,
    ]);
  });

  it('names a missing file without a stack trace', async () => {
    const r = await cli('validate', 'no/such/file.yaml');
    expect(r).toEqual({ code: 2, out: [], err: ['no/such/file.yaml: cannot read the file (ENOENT)'] });
  });

  it('rejects an unknown command as usage, exit 2', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
  });
});
