// A CSV file streamed with fast-csv to a temporary name and renamed into place on close;
// `abort` removes it. Rows are written between simulation chunks, never per event.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { format, type CsvFormatterStream } from 'fast-csv';
import { tempPathFor } from './atomic-file.js';

type Cell = string | number;

/** One streamed CSV output file. */
export class CsvFile {
  private readonly tmp: string;
  private readonly csv: CsvFormatterStream<Cell[], Cell[]>;
  private readonly file: WriteStream;
  private readonly done: Promise<void>;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = tempPathFor(path);
    this.file = createWriteStream(this.tmp);
    this.csv = format<Cell[], Cell[]>({
      headers: [...header],
      writeHeaders: true,
      includeEndRowDelimiter: true,
    });
    this.done = new Promise<void>((resolve, reject) => {
      this.file.on('finish', resolve);
      this.file.on('error', reject);
      this.csv.on('error', reject);
    });
    this.csv.pipe(this.file);
  }

  /** Queues one row; check `needsDrain` and await `drain()` between chunks to bound memory. */
  write(row: Cell[]): void {
    this.csv.write(row);
  }

  /** True while the stream's buffer is above its high-water mark (read from the stream, never cached). */
  get needsDrain(): boolean {
    return this.csv.writableNeedDrain;
  }

  /**
   * Waits until the queued rows have been handed to the file. The stream's own state is read at the
   * call: a 'drain' that fired earlier (e.g. during a yield to the event loop) never leaves this waiting.
   */
  async drain(): Promise<void> {
    if (!this.csv.writableNeedDrain) return;
    await once(this.csv, 'drain');
  }

  /** Ends the stream and renames the file into place. */
  async close(): Promise<void> {
    this.csv.end();
    await this.done;
    renameSync(this.tmp, this.path);
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
