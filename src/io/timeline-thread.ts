// The timeline writer's thread (run from the compiled dist/ only): formats and writes timeline.csv's
// rows, sent in blocks by timeline-writer.ts, through the same CsvFile as in the event thread, so the
// file is byte-identical. Each block goes back with its answer, to be filled again. A failure of the
// file is answered (the run ends with it); any other ends this thread, its file left for the event
// thread to go on with.
import { parentPort, workerData } from 'node:worker_threads';
import { OutputError } from '../errors.js';
import { CsvFile } from './csv-file.js';
import type { FromWriter, ToWriter, WriterFailure } from './timeline-messages.js';

const { path, header } = workerData as { path: string; header: string[] };
const port = parentPort;
if (port === null) throw new Error('timeline-thread.js runs as a worker thread');
const file = new CsvFile(path, header);

function failure(e: OutputError): WriterFailure {
  return { code: e.errno, message: e.message };
}

async function handle(m: ToWriter): Promise<FromWriter> {
  if (m.kind === 'rows') {
    const { block, rows, cols } = m;
    for (let r = 0; r < rows; r++) file.write(Array.from(block.subarray(r * cols, (r + 1) * cols)));
    await file.drain();
    return { kind: 'written', block };
  }
  if (m.kind === 'close') await file.close();
  else await file.abort();
  return { kind: 'done' };
}

let failed = false;
let queue = Promise.resolve();
port.on('message', (m: ToWriter) => {
  queue = queue.then(async () => {
    if (failed) return;
    try {
      const answer = await handle(m);
      port.postMessage(answer, answer.kind === 'written' ? [answer.block.buffer as ArrayBuffer] : []);
    } catch (e) {
      failed = true;
      if (!(e instanceof OutputError)) throw e;
      await file.abort().catch(() => undefined);
      port.postMessage({ kind: 'failed', failure: failure(e) } satisfies FromWriter);
    }
  });
});
