// The compliance path of each pool [doc]: events go to a queue on the servers, then into mgccomp, which
// the compliance adapter exports every adapterInterval. mgccomp is never failed over [doc]: while it is
// down (a compliance fault, or a failure of its site) events queue on the servers. Fluid, per accrual step.
import type { StateIn, StateOut } from '../state-io.js';
import type { ChatWorld } from './chat-world.js';

/** Per-pool compliance queue, mgccomp's export backlog and the adapter's schedule. */
export class ComplianceAccount {
  /** Events queued on the servers because mgccomp was down, not yet written to it. */
  readonly queued: Float64Array;
  readonly peakQueued: Float64Array;
  /** Events written to mgccomp, not yet exported by the adapter. */
  readonly unexported: Float64Array;
  readonly peakUnexported: Float64Array;
  /** Longest wait in mgccomp of an exported event, seconds (see {@link maxExportWaitS}). */
  private readonly maxWaitS: Float64Array;
  /** Start of the accrual step in which the oldest unexported event was written; NaN when none is. */
  private readonly oldestAt: Float64Array;
  /** 1 while a compliance fault holds mgccomp down. */
  private readonly faultDown: Uint8Array;
  /** 1 while mgccomp is up: no compliance fault and its site up. */
  readonly up: Uint8Array;
  /** Per pool: the adapter's next export, a multiple of adapterInterval from t = 0; Infinity without compliance. */
  private readonly nextExportS: Float64Array;
  private readonly exports: Float64Array;

  constructor(private readonly world: ChatWorld) {
    const pools = world.config.pools;
    const n = pools.length;
    this.queued = new Float64Array(n);
    this.peakQueued = new Float64Array(n);
    this.unexported = new Float64Array(n);
    this.peakUnexported = new Float64Array(n);
    this.maxWaitS = new Float64Array(n);
    this.oldestAt = new Float64Array(n).fill(NaN);
    this.faultDown = new Uint8Array(n);
    this.up = new Uint8Array(n).fill(1);
    this.exports = new Float64Array(n);
    this.nextExportS = Float64Array.from(pools, (p) =>
      p.compliance.enabled ? p.compliance.adapterIntervalS : Infinity,
    );
  }

  saveState(out: StateOut): void {
    for (const a of this.stateArrays()) out.array(a);
  }

  restoreState(inp: StateIn): void {
    for (const a of this.stateArrays()) inp.into(a);
  }

  private stateArrays(): (Float64Array | Uint8Array)[] {
    return [
      this.queued,
      this.peakQueued,
      this.unexported,
      this.peakUnexported,
      this.maxWaitS,
      this.oldestAt,
      this.faultDown,
      this.up,
      this.nextExportS,
      this.exports,
    ];
  }

  /** The earliest export of any pool's adapter still to come (Infinity: none). */
  nextExport(): number {
    let t = Infinity;
    for (let p = 0; p < this.nextExportS.length; p++) t = Math.min(t, this.nextExportS[p] as number);
    return t;
  }

  /**
   * Pool `p`'s `events` of the step [fromS, toS], in which mgccomp's state did not change: written to
   * mgccomp while it is up, with the queue drained at drainRatePerS on top; queued on the servers while down.
   */
  add(p: number, events: number, fromS: number, toS: number): void {
    let written = 0;
    let queued = this.queued[p] as number;
    if (this.up[p] === 1) {
      const drained = Math.min(
        queued,
        (this.world.config.pools[p]?.compliance.drainRatePerS ?? 0) * (toS - fromS),
      );
      queued -= drained;
      written = events + drained;
    } else {
      queued += events;
    }
    this.queued[p] = queued;
    if (queued > (this.peakQueued[p] as number)) this.peakQueued[p] = queued;
    if (written <= 0) return;
    const unexported = (this.unexported[p] as number) + written;
    this.unexported[p] = unexported;
    if (unexported > (this.peakUnexported[p] as number)) this.peakUnexported[p] = unexported;
    if (Number.isNaN(this.oldestAt[p])) this.oldestAt[p] = fromS;
  }

  /** Runs every adapter due at `now` (after the accrual at `now`): it exports mgccomp's events if mgccomp is up. */
  exportDue(now: number): void {
    const pools = this.world.config.pools;
    for (let p = 0; p < pools.length; p++) {
      if ((this.nextExportS[p] as number) > now) continue;
      const k = (this.exports[p] as number) + 1;
      this.exports[p] = k;
      this.nextExportS[p] = (k + 1) * (pools[p]?.compliance.adapterIntervalS ?? Infinity);
      if (this.up[p] === 0 || (this.unexported[p] as number) <= 0) continue;
      this.maxWaitS[p] = Math.max(this.maxWaitS[p] as number, now - (this.oldestAt[p] as number));
      this.unexported[p] = 0;
      this.oldestAt[p] = NaN;
    }
  }

  /**
   * Longest wait of an event in pool `p`'s mgccomp until exported, counted from the start of the accrual
   * step that wrote it; an event still unexported at `now` counts as waiting until `now`.
   */
  maxExportWaitS(p: number, now: number): number {
    const oldest = this.oldestAt[p] as number;
    const open = Number.isNaN(oldest) ? 0 : now - oldest;
    return Math.max(this.maxWaitS[p] as number, open);
  }

  /** A compliance fault takes pool `p`'s mgccomp down (`down`) or lifts. @returns whether mgccomp's state changed. */
  setFault(p: number, down: boolean): boolean {
    this.faultDown[p] = down ? 1 : 0;
    return this.refresh(p);
  }

  /** Recomputes whether pool `p`'s mgccomp is up. @returns whether that changed. */
  refresh(p: number): boolean {
    const site = this.world.config.pools[p]?.compliance.site ?? -1;
    const siteUp = site < 0 || this.world.failover.siteDown[site] === 0;
    const up = this.faultDown[p] === 0 && siteUp ? 1 : 0;
    if (this.up[p] === up) return false;
    this.up[p] = up;
    return true;
  }

  /**
   * Restarts the peaks and the longest wait at the warm-up's end `now`, so they are taken over
   * [warmup, end]: an event written before it and still unexported counts its wait from `now`.
   */
  restartPeaks(now: number): void {
    this.peakQueued.set(this.queued);
    this.peakUnexported.set(this.unexported);
    this.maxWaitS.fill(0);
    for (let p = 0; p < this.oldestAt.length; p++)
      if ((this.oldestAt[p] as number) < now) this.oldestAt[p] = now;
  }
}
