// Line-by-line reading of the numeric result CSVs (timeline.csv, timeline-bands.csv) without
// loading a whole file: a year at one row a minute is ~40 MB, so files are streamed twice (count, read).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Number of non-empty lines of a text file (its trailing newline does not add one). */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) lines++;
    if (buf.length > 0) last = buf[buf.length - 1] as number;
  }
  return last === 0x0a ? lines : lines + 1;
}

/** Calls `fn` with each non-empty line and its index (0 = the header). */
export async function eachLine(path: string, fn: (line: string, index: number) => void): Promise<void> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let index = 0;
  for await (const line of lines) {
    if (line === '') continue;
    fn(line, index++);
  }
}

/** Parses one CSV line of plain numbers into `into` (no quoting: the numeric files have none). */
export function parseNumbers(line: string, into: Float64Array): void {
  let start = 0;
  for (let i = 0; i < into.length; i++) {
    let end = line.indexOf(',', start);
    if (end === -1) end = line.length;
    into[i] = Number(line.slice(start, end));
    start = end + 1;
  }
}
