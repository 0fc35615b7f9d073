// A CSV file streamed with fast-csv to a temporary name and renamed into place on close;
// `abort` removes it. Rows are written between simulation chunks, never per event. A failure of the
// file (disk full) is kept and rethrown by the next write, drain or close: never unhandled, never a hang.
import { once } from 'node:events';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { format, type CsvFormatterStream } from 'fast-csv';
import { tempPathFor } from './atomic-file.js';
import { openFileStream } from './fault-seam.js';
import { outputError } from './io-error.js';

type Cell = string | number;

/** Opens the byte stream a CSV file is written to (a seam: tests pass slow or failing streams). */
export type OpenStream = (path: string) => Writable;

/** One streamed CSV output file. */
export class CsvFile {
  private readonly tmp: string;
  private readonly csv: CsvFormatterStream<Cell[], Cell[]>;
  private readonly file: Writable;
  private readonly done: Promise<void>;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    header: readonly string[],
    open: OpenStream = openFileStream,
  ) {
    this.tmp = tempPathFor(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.file = open(this.tmp);
    } catch (e) {
      throw outputError(path, e);
    }
    this.csv = format<Cell[], Cell[]>({
      headers: [...header],
      writeHeaders: true,
      // The header even with no rows: a file of one empty line has no columns to read.
      alwaysWriteHeaders: true,
      includeEndRowDelimiter: true,
    });
    this.done = new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        this.failure ??= outputError(path, e);
        reject(this.failure);
      };
      this.file.on('finish', resolve);
      this.file.on('error', fail);
      this.csv.on('error', fail);
    });
    this.done.catch(() => undefined); // kept in `failure` and rethrown by write/drain/close
    this.csv.pipe(this.file);
  }

  /** Queues one row; check `needsDrain` and await `drain()` between chunks to bound memory. @throws OutputError after a failure */
  write(row: Cell[]): void {
    if (this.failure !== null) throw this.failure;
    this.csv.write(row);
  }

  /** True while the stream's buffer is above its high-water mark (read from the stream, never cached). */
  get needsDrain(): boolean {
    return this.csv.writableNeedDrain;
  }

  /**
   * Waits until the queued rows have been handed to the file. The stream's own state is read at the
   * call: a 'drain' that fired earlier (e.g. during a yield to the event loop) never leaves this
   * waiting, and a failure of the file ends the wait with its error.
   * @throws OutputError if the file failed
   */
  async drain(): Promise<void> {
    this.rethrow();
    if (!this.csv.writableNeedDrain) return;
    await Promise.race([once(this.csv, 'drain'), this.done]);
    this.rethrow();
  }

  private rethrow(): void {
    if (this.failure !== null) throw this.failure;
  }

  /** Ends the stream and renames the file into place. @throws OutputError */
  async close(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    this.csv.end();
    await this.done;
    try {
      renameSync(this.tmp, this.path);
    } catch (e) {
      throw outputError(this.path, e);
    }
  }

  /** Stops writing and removes the temporary file. */
  async abort(): Promise<void> {
    this.csv.unpipe(this.file);
    if (!this.file.closed) {
      const closed = once(this.file, 'close').catch(() => undefined);
      this.file.destroy();
      await closed;
    }
    rmSync(this.tmp, { force: true });
  }
}
