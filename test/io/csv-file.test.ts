// The CSV writer under back-pressure and failure: a deliberately slow stream with random chunk
// boundaries and yields (the drain that fired during a yield must never leave a run waiting), and a
// disk that fills at a chosen byte (one OutputError, no temporary file, no unhandled rejection).
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { CsvFile } from '../../src/io/csv-file.js';
import { tempDir } from '../helpers.js';

/** A file stream that accepts at most `hwm` bytes at once and takes a turn of the event loop or a millisecond per write. */
function slowStream(rand: () => number, hwm: number) {
  return (path: string): Writable => {
    const file = createWriteStream(path);
    return new Writable({
      highWaterMark: hwm,
      write(chunk: Buffer, _enc, done) {
        const pass = (): void => void file.write(chunk, (e) => done(e ?? null));
        if (rand() < 0.2) setTimeout(pass, 1);
        else setImmediate(pass);
      },
      final(done) {
        file.end(() => done());
      },
    });
  };
}

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CsvFile', () => {
  afterEach(() => {
    delete process.env['PCHAT_SIM_FAULT_ENOSPC_AT'];
  });

  for (const seed of [1, 2, 3]) {
    it(`writes every row through a slow stream with random chunks and yields (seed ${seed})`, async () => {
      const rand = seeded(seed);
      const path = join(tempDir(), 'slow.csv');
      const csv = new CsvFile(path, ['k', 'v'], slowStream(rand, 16 + Math.floor(rand() * 256)));
      const expected = ['k,v'];
      let k = 0;
      while (k < 3000) {
        const chunk = 1 + Math.floor(rand() * 200);
        for (let i = 0; i < chunk && k < 3000; i++, k++) {
          const v = rand().toFixed(6);
          csv.write([k, v]);
          expected.push(`${k},${v}`);
        }
        if (rand() < 0.5) await turn(); // a yield in the middle of a chunk: 'drain' may fire here
        if (rand() < 0.3) {
          // a long yield (a slow sample, a GC pause): the stream drains, and 'drain' fires, before drain() is called
          while (csv.needsDrain) await turn();
        }
        await Promise.race([
          csv.drain(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('drain() hung')), 10_000)),
        ]);
      }
      await csv.close();
      expect(readFileSync(path, 'utf8')).toBe(`${expected.join('\n')}\n`);
      expect(readdirSync(join(path, '..'))).toEqual(['slow.csv']);
    });
  }

  it('writes its header even with no rows, so a run without events still has columns to read', async () => {
    const path = join(tempDir(), 'events.csv');
    const csv = new CsvFile(path, ['time_s', 'event', 'server', 'detail']);
    await csv.close();
    expect(readFileSync(path, 'utf8')).toBe('time_s,event,server,detail\n');
  });

  it('fails with "no space left" at the chosen byte, through drain or close, and leaves no file', async () => {
    process.env['PCHAT_SIM_FAULT_ENOSPC_AT'] = '5000';
    const dir = tempDir();
    const path = join(dir, 'full.csv');
    const csv = new CsvFile(path, ['a', 'b']);
    let failure: unknown = null;
    try {
      for (let i = 0; i < 100_000; i++) {
        csv.write([i, 'xxxxxxxxxx']);
        if (i % 100 === 99) await csv.drain();
      }
      await csv.close();
    } catch (e) {
      failure = e;
      await csv.abort();
    }
    expect(failure).toBeInstanceOf(OutputError);
    expect((failure as OutputError).message).toBe(`no space left on ${path}`);
    expect((failure as OutputError).errno).toBe('ENOSPC');
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });
});
