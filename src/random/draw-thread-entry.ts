// The draw feed's thread (draw-feed.ts starts it; run from the compiled dist/ only). It loads its work by
// import() inside its try and says in shared memory that it is ready, or that it failed: the run awaits
// that before its first batch, and a take() sleeping in Atomics.wait learns of a later failure only from
// there (this thread's 'error' event reaches the event thread when its loop turns). Its one other import,
// feed-layout.js, imports nothing at run time.
import { workerData } from 'node:worker_threads';
import type * as DrawThread from './draw-thread.js';
import { flagFailed, flagReady, type FeedThreadData } from './feed-layout.js';

const data = workerData as FeedThreadData;

try {
  const work = (await import(data.work ?? './draw-thread.js')) as typeof DrawThread;
  flagReady(data.ctrl);
  work.runDrawThread(data);
} catch (e) {
  flagFailed(data.ctrl, data.streams.length);
  throw e;
}
