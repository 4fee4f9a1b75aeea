// Graph's eventual consistency, on demand: a new object is written at once but reaches the other
// directory replicas later, so for `lagMs` after its creation every read through another path
// misses it (404, or absent from lists). The create's own answer and the write-side checks (UPN
// uniqueness) see it at once. Off (0) by default; changing the lag ends every pending delay.
// https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra/

export interface ReplicationSettings {
  /** How long a new user or group stays invisible to other reads; 0 = off. */
  lagMs: number;
}

/** The emulator-wide setting, shared by every tenant's pending list. */
export class ReplicationLag {
  #lagMs = 0;
  #generation = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get settings(): ReplicationSettings {
    return { lagMs: this.#lagMs };
  }

  get generation(): number {
    return this.#generation;
  }

  update(settings: ReplicationSettings): ReplicationSettings {
    this.#lagMs = settings.lagMs;
    this.#generation += 1;
    return this.settings;
  }

  /** When an object created now becomes visible, or undefined when the lag is off. */
  visibleAtForNewObject(): number | undefined {
    return this.#lagMs > 0 ? this.now() + this.#lagMs : undefined;
  }

  isPast(at: number): boolean {
    return this.now() >= at;
  }
}

/** One tenant's objects still on their way to the other replicas. */
export class PendingReplication {
  readonly #pending = new Map<string, { visibleAt: number; generation: number }>();

  constructor(private readonly lag: ReplicationLag) {}

  /** A user or group was just created through Graph. */
  created(id: string): void {
    const visibleAt = this.lag.visibleAtForNewObject();
    if (visibleAt !== undefined) {
      this.#pending.set(id.toLowerCase(), { visibleAt, generation: this.lag.generation });
    }
  }

  /** Whether reads other than the create's own answer still miss this object. */
  hides(id: string): boolean {
    if (this.#pending.size === 0) return false;
    const key = id.toLowerCase();
    const entry = this.#pending.get(key);
    if (!entry) return false;
    if (entry.generation !== this.lag.generation || this.lag.isPast(entry.visibleAt)) {
      this.#pending.delete(key);
      return false;
    }
    return true;
  }

  /** The ids still hidden ('' when none), so a cache of reads can tell two moments apart. */
  stamp(): string {
    if (this.#pending.size === 0) return '';
    return [...this.#pending.keys()].filter((id) => this.hides(id)).join(',');
  }
}
