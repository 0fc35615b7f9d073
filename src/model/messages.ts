// Chat message volume and compliance, accrued per step of the model's own schedule (every minute, at
// the end and at compliance faults), never per timeline sample: Poisson(r · ∫connected dt) per step is
// exact in distribution; the compliance queue drains as a fluid per step (the approximation).
import { poisson } from '../random/poisson.js';
import { Rng, streamSeed } from '../random/rng.js';
import type { ChatWorld } from './chat-world.js';

/** Simulated seconds between two accruals (assumption): one minute, the default `sampleEvery`. */
export const ACCRUAL_STEP_S = 60;

/** Per-pool message counts, compliance backlog and content database size. */
export class MessageAccount {
  readonly messages: Float64Array;
  readonly backlog: Float64Array;
  readonly peakBacklog: Float64Array;
  readonly contentBytes: Float64Array;
  readonly complianceUp: Uint8Array;
  private readonly lastUserS: Float64Array;
  private readonly lastEvents: Float64Array;
  private lastAt = 0;
  /** Time of the next scheduled accrual, seconds; Infinity without a messages workload. */
  nextAccrualS: number;
  private readonly rng: Rng;
  private readonly ratePerUserS: number;
  private readonly bytesPerMessage: number;

  constructor(private readonly world: ChatWorld) {
    const n = world.config.pools.length;
    const m = world.config.messages;
    this.messages = new Float64Array(n);
    this.backlog = new Float64Array(n);
    this.peakBacklog = new Float64Array(n);
    this.contentBytes = new Float64Array(n).fill(m?.initialContentDbBytes ?? 0);
    this.complianceUp = new Uint8Array(n).fill(1);
    this.lastUserS = new Float64Array(n);
    this.lastEvents = new Float64Array(n);
    this.rng = new Rng(streamSeed(world.config.seed, 'messages'));
    this.ratePerUserS = (m?.perUserPerHour ?? 0) / 3600;
    this.bytesPerMessage = m?.bytesPerMessage ?? 0;
    this.nextAccrualS = m === null ? Infinity : Math.min(ACCRUAL_STEP_S, world.config.durationS);
  }

  get enabled(): boolean {
    return this.world.config.messages !== null;
  }

  /** The scheduled accrual at {@link nextAccrualS}; the next is a step later, the last at the end of the run. */
  accrueStep(): void {
    const at = this.nextAccrualS;
    const end = this.world.config.durationS;
    this.nextAccrualS = at >= end ? Infinity : Math.min(at + ACCRUAL_STEP_S, end);
    this.accrue(at);
  }

  /** Accrues messages and compliance events from the last accrual up to `now`. */
  accrue(now: number): void {
    if (!this.enabled) return;
    const { config, servers, tally } = this.world;
    const dt = now - this.lastAt;
    this.lastAt = now;
    config.pools.forEach((pool, p) => {
      let userS = 0;
      for (const s of pool.servers) userS += servers.userSecondsUpTo(s, now);
      const n = poisson(this.ratePerUserS * (userS - (this.lastUserS[p] as number)), this.rng);
      this.lastUserS[p] = userS;
      this.messages[p] = (this.messages[p] as number) + n;
      this.contentBytes[p] = (this.contentBytes[p] as number) + n * this.bytesPerMessage;
      if (!pool.compliance.enabled) return;
      // Compliance events: CHAT per message, JOIN per sign-in, PART per sign-out (an approximation of room joins).
      const joinsParts = (tally.poolJoins[p] as number) + (tally.poolParts[p] as number);
      const events = n + joinsParts - (this.lastEvents[p] as number);
      this.lastEvents[p] = joinsParts;
      const queued = (this.backlog[p] as number) + events;
      const next =
        this.complianceUp[p] === 1 ? Math.max(0, queued - pool.compliance.drainRatePerS * dt) : queued;
      this.backlog[p] = next;
      if (next > (this.peakBacklog[p] as number)) this.peakBacklog[p] = next;
    });
  }

  /** Compliance database of pool `p` fails (`up` false) or returns; it is never failed over [doc]. */
  setCompliance(p: number, up: boolean): void {
    const w = this.world;
    this.accrue(w.sim.now);
    this.complianceUp[p] = up ? 1 : 0;
    const backlog = Math.round(this.backlog[p] as number);
    w.log.add(
      w.sim.now,
      up ? 'compliance-restore' : 'compliance-fail',
      w.config.pools[p]?.name ?? '',
      `compliance backlog ${backlog} events`,
    );
  }
}
