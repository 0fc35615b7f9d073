// checkpoint.pchat's framing: members written, joined behind the header, read back part for part.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assembleCheckpoint,
  readCheckpointFrame,
  readMember,
  writeMember,
} from '../../src/io/checkpoint/checkpoint-file.js';
import { tempDir } from '../helpers.js';

const warnings: Error[] = [];
const onWarning = (w: Error): void => {
  warnings.push(w);
};

afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('checkpoint.pchat', () => {
  it('joins a member per replication, 12 of them, with no warning, and reads each back', async () => {
    process.on('warning', onWarning);
    const dir = tempDir();
    const files: string[] = [];
    for (let k = 0; k < 12; k++) {
      const file = join(dir, `member-${k}`);
      await writeMember([{ kind: 1, bytes: new Uint8Array(new Float64Array([k, k / 3]).buffer) }], file);
      files.push(file);
    }
    const path = join(dir, 'checkpoint.pchat');
    await assembleCheckpoint(path, '{"n":12}', files);
    const frame = readCheckpointFrame(path, (text) => (JSON.parse(text) as { n: number }).n);
    expect(frame.headerText).toBe('{"n":12}');
    expect(frame.members).toHaveLength(12);
    const last = await readMember(path, frame.members[11] as (typeof frame.members)[number]);
    expect(Array.from(new Float64Array((last[0]?.bytes as Uint8Array).slice().buffer))).toEqual([11, 11 / 3]);
    await new Promise((r) => setImmediate(r));
    expect(warnings.map((w) => w.name)).toEqual([]);
  });
});
