// A run whose timeline thread fails to load ends in one line, exit 1, and leaves no results, not even
// staged ones, on the built CLI (the thread runs from dist/ only): the thread answers by messages, so its
// 'error' event reaches the run the next time it waits for the thread or yields between chunks.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';
import { changedThread, loadFailures } from './thread-faults.js';

beforeAll(ensureBuilt, 120_000);

describe('a run whose timeline thread cannot load', () => {
  const dir = tempDir();
  it.each(loadFailures(dir))(
    'exits 1 with one line and leaves no results when its module $name',
    ({ url }) => {
      const parent = tempDir();
      // Past 30 s the run is killed (code null): a run that waited on the thread for good would show so.
      const r = spawnSync(
        process.execPath,
        [
          ...changedThread(dir, { name: 'timeline-thread.js', file: url }),
          BUILT_CLI,
          'run',
          'scenarios/default.yaml',
          '--out',
          join(parent, 'out'),
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, PCHAT_SIM_THREADS: 'on' },
          timeout: 30_000,
          killSignal: 'SIGKILL',
        },
      );
      expect({ code: r.status, out: r.stdout }).toEqual({ code: 1, out: '' });
      expect(r.stderr).toMatch(/^pchat-sim: internal error: the timeline thread stopped: [^\n]+\n$/);
      expect(readdirSync(parent)).toEqual([]);
    },
  );
});
