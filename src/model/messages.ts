// Chat message volume and compliance, accrued per step of the model's own schedule (every minute from
// t = 0, at each compliance adapter's export, at the end, at compliance faults and at failures and
// restores of a site holding mgccomp), never per timeline sample: Poisson(r · ∫connected dt) per step
// is exact in distribution.
import { poisson } from '../random/poisson.js';
import { Rng, streamSeed } from '../random/rng.js';
import type { StateIn, StateOut } from '../state-io.js';
import type { ChatWorld } from './chat-world.js';
import { ComplianceAccount } from './compliance.js';
import type { EventName } from './figures/event-names.js';

/** Simulated seconds between two accruals (assumption): one minute, the default `sampleEvery`. */
export const ACCRUAL_STEP_S = 60;

/** Per-pool message counts, compliance events and content database size. */
export class MessageAccount {
  readonly messages: Float64Array;
  readonly contentBytes: Float64Array;
  readonly compliance: ComplianceAccount;
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
    this.contentBytes = new Float64Array(n).fill(m?.initialContentDbBytes ?? 0);
    this.compliance = new ComplianceAccount(world);
    this.lastUserS = new Float64Array(n);
    this.lastEvents = new Float64Array(n);
    this.rng = new Rng(streamSeed(world.config.seed, 'messages'));
    this.ratePerUserS = (m?.perUserPerHour ?? 0) / 3600;
    this.bytesPerMessage = m?.bytesPerMessage ?? 0;
    this.nextAccrualS = m === null ? Infinity : this.stepAfter(0);
  }

  /** Writes the counts, the accrual schedule, the stream and the compliance queues, for a checkpoint. */
  saveState(out: StateOut): void {
    out.numbers(this.lastAt, this.nextAccrualS);
    for (const a of [this.messages, this.contentBytes, this.lastUserS, this.lastEvents]) out.array(a);
    this.rng.saveState(out);
    this.compliance.saveState(out);
  }

  restoreState(inp: StateIn): void {
    [this.lastAt = 0, this.nextAccrualS = Infinity] = inp.numbers(2);
    for (const a of [this.messages, this.contentBytes, this.lastUserS, this.lastEvents]) inp.into(a);
    this.rng.restoreState(inp);
    this.compliance.restoreState(inp);
  }

  get enabled(): boolean {
    return this.world.config.messages !== null;
  }

  /** The scheduled accrual at {@link nextAccrualS}, then the adapters' exports due then; the last is at the end. */
  accrueStep(): void {
    const at = this.nextAccrualS;
    this.accrue(at);
    this.world.databases.shipping.step(at);
    this.compliance.exportDue(at);
    this.nextAccrualS = at >= this.world.config.durationS ? Infinity : this.stepAfter(at);
  }

  /**
   * The next step after `at`: the next whole minute, an adapter's export, a log shipment (what the
   * backup holds is taken then) or the end, whichever is first.
   */
  private stepAfter(at: number): number {
    const minute = (Math.floor(at / ACCRUAL_STEP_S) + 1) * ACCRUAL_STEP_S;
    const shipment = this.world.databases.shipping.nextAfter(at);
    return Math.min(minute, this.compliance.nextExport(), shipment, this.world.config.durationS);
  }

  /** Accrues messages and compliance events from the last accrual up to `now`. */
  accrue(now: number): void {
    if (!this.enabled) return;
    const from = this.lastAt;
    this.lastAt = now;
    const pools = this.world.config.pools;
    for (let p = 0; p < pools.length; p++) this.accruePool(p, from, now);
  }

  private accruePool(p: number, from: number, now: number): void {
    const { config, servers, tally } = this.world;
    const pool = config.pools[p];
    if (pool === undefined) return;
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
    this.compliance.add(p, events, from, now);
  }

  /** A compliance fault takes pool `p`'s mgccomp down (`up` false) or lifts; it is never failed over [doc]. */
  setCompliance(p: number, up: boolean): void {
    const w = this.world;
    this.accrue(w.sim.now);
    this.compliance.setFault(p, !up);
    const still = up && this.compliance.up[p] === 0 ? `; still down: its site is down` : '';
    this.logCompliance(p, up ? 'compliance-restore' : 'compliance-fail', still);
  }

  /** Site `site` failed or came back: the mgccomp databases in it go down or come back (unless a fault holds them). */
  siteChanged(site: number, cause: string): void {
    const w = this.world;
    const pools = w.config.pools;
    if (!pools.some((x) => x.compliance.enabled && x.compliance.site === site)) return;
    this.accrue(w.sim.now);
    for (let p = 0; p < pools.length; p++) {
      const c = pools[p]?.compliance;
      if (c === undefined || !c.enabled || c.site !== site || !this.compliance.refresh(p)) continue;
      this.logCompliance(
        p,
        this.compliance.up[p] === 1 ? 'compliance-restore' : 'compliance-fail',
        `; ${cause}`,
      );
    }
  }

  private logCompliance(p: number, event: EventName, note: string): void {
    const w = this.world;
    const queued = Math.round(this.compliance.queued[p] as number);
    w.log.add(w.sim.now, event, w.config.pools[p]?.name ?? '', `compliance backlog ${queued} events${note}`);
  }
}
