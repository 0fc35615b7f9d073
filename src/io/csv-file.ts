// A CSV file streamed with fast-csv to a temporary name and renamed into place on close;
// `abort` removes it. Rows are written between simulation chunks, never per event.
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
  private pressure = false;

  constructor(readonly path: string, header: readonly string[]) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = tempPathFor(path);
    this.file = createWriteStream(this.tmp);
    this.csv = format<Cell[], Cell[]>({ headers: [...header], writeHeaders: true, includeEndRowDelimiter: true });
    this.done = new Promise<void>((resolve, reject) => {
      this.file.on('finish', resolve);
      this.file.on('error', reject);
      this.csv.on('error', reject);
    });
    this.csv.pipe(this.file);
  }

  /** Queues one row; check `needsDrain` and await `drain()` between chunks to bound memory. */
  write(row: Cell[]): void {
    if (!this.csv.write(row)) this.pressure = true;
  }

  get needsDrain(): boolean {
    return this.pressure;
  }

  /** Waits until the queued rows have been handed to the file. */
  async drain(): Promise<void> {
    if (!this.pressure) return;
    await new Promise<void>((resolve) => this.csv.once('drain', resolve));
    this.pressure = false;
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
    this.file.destroy();
    rmSync(this.tmp, { force: true });
  }
}
