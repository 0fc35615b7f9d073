// Draws of one distribution from one stream, made a batch at a time and handed out one by one.
// Exact: the stream gives the same numbers as one `sample` per draw would, in the same order, even
// when other distributions draw from it in between (through `sample`, which rewinds the batch).
// perf: one loop per 256 draws, then a Float64Array read per draw (bench/README.md, "Batched draws").
import type { StateIn, StateOut } from '../state-io.js';
import type { Distribution } from './distributions.js';
import type { DrawFeed } from './draw-feed.js';
import { BATCH } from './feed-layout.js';
import { RngState, type Rng } from './rng.js';

/**
 * The draws of `dist` from `rng`, made {@link BATCH} at a time. Every draw from `rng` must go
 * through this object (`next`, or `sample` for another distribution) for the sequence to stay exact;
 * the draws of a batch not handed out are never seen (the stream is rewound before anyone else draws).
 */
export class Variates {
  /** The batch; the draw at index {@link take} returns is the next one. */
  readonly draws = new Float64Array(BATCH);
  /** Next draw of `draws` to hand out; BATCH when none is left. */
  private pos = BATCH;
  /** The stream's position before the batch in `draws` was drawn. */
  private readonly before = new RngState();
  /** Where the batches come from once {@link attach}ed: made ahead on another thread (draw-feed.ts). */
  private feed: DrawFeed | null = null;
  /** The feed last {@link attach}ed, kept after it gave out to say why ({@link feedFailure}). */
  private attached: DrawFeed | null = null;
  private feedStream = 0;
  /** True while the batch in `draws` came from the feed: the stream object itself is behind it. */
  private fed = false;

  constructor(
    private readonly dist: Distribution,
    private readonly rng: Rng,
  ) {}

  /** The next draw of the distribution, in seconds. Allocates nothing once V8 inlines it. */
  next(): number {
    return this.draws[this.take()] as number;
  }

  /**
   * Hands out the next draw as its index in {@link draws}, drawing a new batch first when this one
   * is used up. perf: the hot callers read `draws[take()]` themselves, so no double is returned from
   * a call (V8 heap-allocates a double returned by a call it did not inline; an int is not
   * allocated: bench/README.md, "No double crosses a call").
   */
  take(): number {
    if (this.pos === BATCH) this.fill();
    return this.pos++;
  }

  /**
   * One draw of `dist` from the same stream, in sequence with {@link next}: the batch's draws
   * not handed out yet are dropped and the stream rewound to just after the last one handed out
   * (which replays the ones handed out; a cost paid only when another distribution draws mid-batch).
   */
  sample(dist: Distribution): number {
    if (dist === this.dist) return this.next();
    this.rewind();
    return dist.sample(this.rng);
  }

  /**
   * Takes the batches from now on from stream `k` of `feed`, which starts where this stream stands
   * (after the batch in hand), until the feed gives out. The draws handed out are the same.
   */
  attach(feed: DrawFeed, k: number): void {
    this.feed = feed;
    this.attached = feed;
    this.feedStream = k;
  }

  /** Why the feed attached gave out (see DrawFeed.failure), or null: none attached, or it did not. */
  get feedFailure(): string | null {
    return this.attached?.failure ?? null;
  }

  /**
   * Brings the stream object to where it would stand had the batch in hand been drawn here (the feed
   * draws ahead without it): call before the stream is saved.
   */
  settle(): void {
    if (!this.fed) return;
    this.loadBefore();
    const rng = this.rng;
    rng.restore(this.before);
    for (let k = 0; k < BATCH; k++) this.dist.sample(rng);
    this.fed = false;
  }

  /** Writes the batch and where it stands (its stream is saved by its owner), for a checkpoint. */
  saveState(out: StateOut): void {
    this.loadBefore();
    out.numbers(this.pos, this.before.w, this.before.i, this.before.pos);
    out.array(this.draws);
    out.array(this.before.x);
    out.array(this.before.buf);
  }

  restoreState(inp: StateIn): void {
    const [pos = BATCH, w = 0, i = 0, bpos = 0] = inp.numbers(4);
    this.pos = pos;
    this.before.w = w;
    this.before.i = i;
    this.before.pos = bpos;
    inp.into(this.draws);
    inp.into(this.before.x);
    inp.into(this.before.buf);
  }

  private fill(): void {
    const feed = this.feed;
    if (feed !== null) {
      if (feed.take(this.feedStream, this.draws)) {
        this.fed = true;
        this.pos = 0;
        return;
      }
      // The feed gave out (its thread failed or fell silent): the stream goes on here from where the
      // batch in hand leaves it, so the draws are the same; a sampler that failed there fails here.
      this.settle();
      this.feed = null;
    }
    const dist = this.dist;
    const rng = this.rng;
    const buf = this.draws;
    rng.save(this.before);
    for (let k = 0; k < BATCH; k++) buf[k] = dist.sample(rng);
    this.pos = 0;
  }

  /** Reads the stream's position before a batch from the feed into `before` (read only when needed). */
  private loadBefore(): void {
    if (this.fed && this.feed !== null) this.feed.positionBefore(this.feedStream, this.before);
  }

  private rewind(): void {
    // Another distribution draws from the stream: the feed's batches no longer follow, so the stream
    // goes on here (the feed's ring for it is left unread).
    this.loadBefore();
    this.feed = null;
    const used = this.pos;
    if (used === BATCH) {
      this.settle();
      return;
    }
    this.fed = false;
    const rng = this.rng;
    rng.restore(this.before);
    for (let k = 0; k < used; k++) this.dist.sample(rng);
    this.pos = BATCH;
  }
}
