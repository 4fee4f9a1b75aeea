/** What every benchmark section gets from the harness: where things are and how long to run. */
import type { BenchTenant } from './emulator-client.js';
import type { Paths } from './targets.js';

export interface BenchContext {
  paths: Paths;
  /** The shared emulator. */
  origin: string;
  emulatorPid: number;
  /** The single-tenant bench tenant (seeded users) all three targets use. */
  tenant: BenchTenant;
  /** UPNs of seeded users in `tenant`, for read-user. */
  upns: string[];
  connections: number[];
  /** Measured seconds per round of a point. */
  seconds: number;
  /** Interleaved rounds per throughput point (the targets take turns in each). */
  rounds: number;
  /** Unmeasured seconds before a target's first point (JIT, pools, token cache). */
  warmupSeconds: number;
  log(message: string): void;
}
