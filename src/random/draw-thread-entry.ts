// The draw feed's thread (draw-feed.ts starts it; run from the compiled dist/ only). It loads its work by
// import() inside its try, so a module that fails to load is flagged in shared memory as a failure in
// the work is: take() sleeps in Atomics.wait, and this thread's 'error' event reaches it only when the
// event thread's loop turns. Its one other import, feed-layout.js, imports nothing at run time.
import { workerData } from 'node:worker_threads';
import type * as DrawThread from './draw-thread.js';
import { flagFailed, type FeedThreadData } from './feed-layout.js';

const data = workerData as FeedThreadData;

try {
  const work = (await import(data.work ?? './draw-thread.js')) as typeof DrawThread;
  work.runDrawThread(data);
} catch (e) {
  flagFailed(data.ctrl, data.streams.length);
  throw e;
}
