// What branch and run --checkpoint-at refuse: each with its one line, exit 2 and nothing written. The
// past (the topology's servers, the users on at t = 0, the seed, users=, a fault at or before the
// checkpoint), a step re-timed to the checkpoint's instant or before, another build's checkpoint, a
// damaged one; a checkpoint of a shard or outside the run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { tempDir } from '../helpers.js';
import { ensureBuilt } from './built-cli.js';
import { builtCli } from './split-run.js';

/** 300 users on three servers and a standby; pc1 fails at 1h (promotion pending until 1h15m), back at 3h. */
const SMALL = `name: small
duration: 4h
topology:
  edition: enterprise
  pools:
    - name: pchat
      admissionLimitPerServer: 100
      servers: [ { name: pc1 }, { name: pc2 }, { name: pc3 }, { name: pc4, role: standby } ]
workload:
  initialConnected: 300
  session: { dist: exponential, mean: 8h }
faults:
  - { at: 1h, fail: pc1 }
  - { at: 3h, restore: pc1 }
failover: { promoteStandbyAfter: 15m }
`;

let dir = '';
let file = '';
let checkpoint = '';

beforeAll(async () => {
  dir = tempDir();
  file = join(dir, 'small.yaml');
  writeFileSync(file, SMALL);
  const r = await cli('run', file, '--checkpoint-at', '1h10m', '--out', join(dir, 'run'), '--quiet');
  expect(r.code).toBe(0);
  checkpoint = join(dir, 'run', 'checkpoint.pchat');
});

async function refused(...argv: string[]): Promise<string[]> {
  const out = join(dir, 'refused');
  const r = await cli(...argv, '--out', out, '--quiet');
  expect(r.code, argv.join(' ')).toBe(2);
  expect(r.out).toEqual([]);
  expect(existsSync(out)).toBe(false);
  return r.err;
}

describe('branch refuses the past', () => {
  it('the topology, the users on at t = 0, the seed, users= and what does not act after the instant', async () => {
    const at = 'the checkpoint is at 4200 s';
    const cases: [string, string][] = [
      [
        'topology.pools[0].servers=5',
        `--set topology.pools[0].servers: the topology's servers, pools and sites are the world's own; ${at}`,
      ],
      [
        'workload.initialConnected=10',
        `--set workload.initialConnected: the users on at t = 0 (and the population) are in the past; ${at}`,
      ],
      ['seed=2', `--set seed: the seed made the world so far; a branch shares the checkpoint's; ${at}`],
      ['users=100', `--set users: users= scales the users on at t = 0, who are in the past; ${at}`],
      [
        'duration=5h',
        `--set duration: the run keeps its length and sampling: events past its end were never scheduled; ${at}`,
      ],
      [
        'workload.session.mean=1h',
        `--set workload.session.mean: a branch changes only what acts after its instant: faults and actions after it, failover and failback settings, the retry policy, sign-in and admission limits, arrival rates, durations of pending steps; ${at}`,
      ],
    ];
    for (const [set, line] of cases)
      expect(await refused('branch', checkpoint, '--set', set)).toEqual([line]);
  });

  it('a fault at or before the instant, or one moved there', async () => {
    const at = 'the checkpoint is at 4200 s';
    expect(await refused('branch', checkpoint, '--set', 'faults[0].at=2h')).toEqual([
      `--set faults[0].at=2h: faults[0] is at 3600 s, at or before the checkpoint: the past cannot change; ${at}`,
    ]);
    expect(await refused('branch', checkpoint, '--set', 'faults[1].at=30m,5h')).toEqual([
      `--set faults[1].at=30m: moves faults[1] to 1800 s, at or before the checkpoint; ${at}`,
    ]);
    expect(await refused('branch', checkpoint, '--set', 'faults[0]=none')).toEqual([
      `--set faults[0]=none: faults[0] is at 3600 s, at or before the checkpoint: the past cannot change; ${at}`,
    ]);
  });

  it('a step re-timed to the instant or before, naming it', async () => {
    expect(await refused('branch', checkpoint, '--set', 'failover.promoteStandbyAfter=30m,5m')).toEqual([
      `${file} [failover.promoteStandbyAfter=5m]: failover.promoteStandbyAfter re-times the promotion for failed server pc1 (set off at 3600 s) to 3900 s, at or before the checkpoint at 4200 s`,
    ]);
  });
});

describe('branch refuses a checkpoint it cannot trust', () => {
  beforeAll(ensureBuilt, 120_000);

  it("another build's checkpoint", () => {
    // Written in this process (the TypeScript sources' build), read by the compiled CLI (dist/'s).
    const r = builtCli('branch', checkpoint, '--out', join(dir, 'other'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      new RegExp(
        `^${checkpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: written by another build of pchat-sim \\([0-9a-f]{8}… \\([^)]*\\)\\); this is [0-9a-f]{8}… \\([^)]*\\): run the scenario again with this build to checkpoint it\\n$`,
      ),
    );
    expect(existsSync(join(dir, 'other'))).toBe(false);
  });

  it('a damaged file: a byte changed in a member, cut short, or not a checkpoint', async () => {
    const bytes = readFileSync(checkpoint);
    const flipped = Buffer.from(bytes);
    const at = flipped.length - 100;
    flipped[at] = (flipped[at] ?? 0) ^ 0xff;
    const cases: [string, Buffer, string][] = [
      ['flipped.pchat', flipped, "member 0's bytes are not those written"],
      ['short.pchat', bytes.subarray(0, bytes.length - 20), 'member 0 runs past the end of the file'],
      ['summary.pchat', readFileSync(join(dir, 'run', 'summary.json')), 'it does not start with PCHATCKP'],
    ];
    for (const [name, content, why] of cases) {
      const path = join(dir, name);
      writeFileSync(path, content);
      expect(await refused('branch', path)).toEqual([
        `${path}: a damaged checkpoint (${why}); write it again with pchat-sim run --checkpoint-at`,
      ]);
    }
  });
});

describe('run --checkpoint-at refuses', () => {
  it('a shard, and an instant outside the run', async () => {
    expect(
      await refused('run', file, '--replications', '2', '--shard', '0/2', '--checkpoint-at', '1h'),
    ).toEqual([
      '--checkpoint-at: a checkpoint holds every replication of the run, so a shard cannot write one; received --shard 0/2',
    ]);
    expect(await refused('run', file, '--checkpoint-at', '4h')).toEqual([
      '--checkpoint-at: the instant is within the run, from 0 to before its end (duration 14400 s); received 14400 s',
    ]);
  });
});
