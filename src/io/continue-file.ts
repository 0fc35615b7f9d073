// A CSV file a dead writer thread left half-written, gone on with in this thread: cut after its last
// whole row, then appended to from the next row on by a CsvFile, so the file ends byte-identical to one
// written in one go (timeline-writer.ts).
import { createWriteStream, existsSync, readFileSync, truncateSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tempPathFor } from './atomic-file.js';
import { CsvFile } from './csv-file.js';
import { enospcAt, LimitedStream } from './fault-seam.js';
import { outputError } from './io-error.js';

/**
 * A CsvFile that goes on with the temporary file a dead thread left at `path`: cut after its last whole
 * row, and appended to from the next row on (the header CsvFile writes first is dropped if the file
 * has it). @returns the file and the rows already on disk
 */
export function continueFile(path: string, header: readonly string[]): { csv: CsvFile; rowsOnDisk: number } {
  const tmp = tempPathFor(path);
  let text: Buffer;
  try {
    text = existsSync(tmp) ? readFileSync(tmp) : Buffer.alloc(0);
  } catch (e) {
    throw outputError(path, e);
  }
  // Each row is ended by the next one's line break (the last by the file's end): whole lines only.
  const end = text.lastIndexOf(0x0a) + 1;
  let lines = 0;
  for (let i = text.indexOf(0x0a); i >= 0; i = text.indexOf(0x0a, i + 1)) lines++;
  const skip = lines === 0 ? 0 : text.indexOf(0x0a) + 1;
  const limit = enospcAt();
  const open = (file: string): Writable => {
    if (existsSync(file)) truncateSync(file, end);
    const stream = createWriteStream(file, { flags: 'a' });
    return new SkipStream(limit === null ? stream : new LimitedStream(stream, file, limit - end), skip);
  };
  return { csv: new CsvFile(path, header, open), rowsOnDisk: Math.max(0, lines - 1) };
}

/** Passes bytes to `file` but for the first `skip` (the header already on disk). */
class SkipStream extends Writable {
  constructor(
    private readonly file: Writable,
    private skip: number,
  ) {
    super();
    file.on('error', (e) => this.destroy(e));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    const dropped = Math.min(this.skip, chunk.length);
    this.skip -= dropped;
    if (dropped === chunk.length) return done();
    this.file.write(dropped === 0 ? chunk : chunk.subarray(dropped), (e) => done(e ?? null));
  }

  override _final(done: (e?: Error | null) => void): void {
    this.file.end(() => done());
  }

  override _destroy(e: Error | null, done: (e?: Error | null) => void): void {
    this.file.destroy();
    done(e);
  }
}
