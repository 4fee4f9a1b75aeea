/** Everything one `npm run bench` measured, and the issue targets judged against it. */
import type { DeltaRun } from './delta-section.js';
import type { MachineInfo } from './machine-info.js';
import type { MultiTenantResult } from './multi-tenant-section.js';
import type { ProfileResult } from './profile-section.js';
import type { StartupResult } from './startup-section.js';
import type { ThroughputRun } from './throughput-section.js';
import type { WorkloadName } from './workloads.js';

export interface BenchResults {
  machine: MachineInfo;
  /** Load averages (1/5/15 min) when the run started and ended. */
  load: { before: number[]; after: number[] };
  command: string;
  startedAt: string;
  totalSeconds: number;
  settings: {
    seconds: number;
    rounds: number;
    warmupSeconds: number;
    connections: number[];
    benchTenantUsers: number;
  };
  throughput: ThroughputRun[];
  multiTenant?: MultiTenantResult;
  startup: StartupResult[];
  delta: DeltaRun[] | { skipped: string };
  profile?: ProfileResult;
}

export interface TargetCheck {
  issue: 3 | 7 | 19;
  target: string;
  met: boolean;
  detail: string;
}

export interface PointRatio {
  workload: WorkloadName;
  connections: number;
  vsPassThrough: number;
  vsSdk: number;
  /** Service p99 minus pass-through p99, ms. */
  p99OverPassThroughMs: number;
  /** Service CPU per request over the pass-through's. */
  cpuVsPassThrough: number;
}

export function pointRatios(runs: readonly ThroughputRun[]): PointRatio[] {
  const ratios: PointRatio[] = [];
  const find = (workload: WorkloadName, target: ThroughputRun['target']) =>
    runs.find((run) => run.workload === workload && run.target === target);
  for (const service of runs.filter((run) => run.target === 'service')) {
    const passThrough = find(service.workload, 'pass-through');
    const sdk = find(service.workload, 'sdk');
    service.points.forEach((point, i) => {
      const floor = passThrough?.points[i];
      const alternative = sdk?.points[i];
      ratios.push({
        workload: service.workload,
        connections: point.connections,
        vsPassThrough: floor ? point.rps / floor.rps : Number.NaN,
        vsSdk: alternative ? point.rps / alternative.rps : Number.NaN,
        p99OverPassThroughMs: floor ? point.p99Ms - floor.p99Ms : Number.NaN,
        cpuVsPassThrough: floor ? point.cpuMsPerRequest / floor.cpuMsPerRequest : Number.NaN,
      });
    });
  }
  return ratios;
}

const p99Difference = (r: PointRatio) =>
  `${r.p99OverPassThroughMs >= 0 ? '+' : ''}${r.p99OverPassThroughMs.toFixed(2)} ms`;

export function checkTargets(results: BenchResults): TargetCheck[] {
  const ratios = pointRatios(results.throughput);
  const list = (pick: (r: PointRatio) => string) =>
    ratios.map((r) => `${r.workload}@${r.connections}: ${pick(r)}`).join('; ');
  const checks: TargetCheck[] = [];
  // Only judged when the throughput runs happened (BENCH_SECTIONS may leave them out).
  if (ratios.length > 0) {
    checks.push(
      {
        issue: 7,
        target: 'service throughput >= 0.85 x pass-through (every workload and connection count)',
        met: ratios.every((r) => r.vsPassThrough >= 0.85),
        detail: list((r) => r.vsPassThrough.toFixed(2)),
      },
      {
        issue: 7,
        target: 'service throughput above the Graph SDK version (every workload and connection count)',
        met: ratios.every((r) => r.vsSdk > 1),
        detail: list((r) => r.vsSdk.toFixed(2)),
      },
      {
        issue: 7,
        target: 'service p99 within 2 ms of the pass-through at the same load',
        met: ratios.every((r) => r.p99OverPassThroughMs <= 2),
        detail: list(p99Difference),
      },
      {
        issue: 19,
        target: 'as shipped: service throughput >= 0.9 x pass-through (every workload and connection count)',
        met: ratios.every((r) => r.vsPassThrough >= 0.9),
        detail: list((r) => r.vsPassThrough.toFixed(2)),
      },
      {
        issue: 19,
        target:
          "as shipped: service CPU per request <= 1.15 x the pass-through's (every workload and connection count)",
        met: ratios.every((r) => r.cpuVsPassThrough <= 1.15),
        detail: list((r) => r.cpuVsPassThrough.toFixed(2)),
      },
      {
        issue: 19,
        target: 'as shipped: service p99 within 1 ms of the pass-through at the same load',
        met: ratios.every((r) => r.p99OverPassThroughMs <= 1),
        detail: list(p99Difference),
      },
    );
  }
  const multi = results.multiTenant;
  if (multi) {
    checks.push(
      {
        issue: 7,
        target: `${multi.tenants} tenants under 200 MB RSS`,
        met: multi.peakRssMB < 200,
        detail: `peak RSS ${multi.peakRssMB.toFixed(1)} MB`,
      },
      {
        issue: 7,
        target: `token requests equal the number of tenants (${multi.tenants})`,
        met: multi.tokenRequests === multi.tenants && multi.tenantsAskedTwice === 0,
        detail: `${multi.tokenRequests} token requests, ${multi.tenantsAskedTwice} tenants asked more than once`,
      },
    );
  }
  const live = results.startup.find((s) => s.mode === 'live');
  if (live) {
    checks.push({
      issue: 7,
      target: 'ready in under 1 second in live mode (median)',
      met: live.medianMs < 1000,
      detail: `median ${live.medianMs.toFixed(0)} ms over ${live.runsMs.length} runs`,
    });
  }
  if (Array.isArray(results.delta)) {
    const runs = [...results.delta].sort((a, b) => a.users - b.users);
    const walk = runs.find((run) => run.users === 100_000);
    if (walk) {
      const ratio = walk.ratio;
      checks.push({
        issue: 19,
        target: `full delta walk of ${walk.users} users through the service within 1.1x the direct walk (same page size, interleaved medians)`,
        met: ratio <= 1.1,
        detail: `medians ${walk.service.ms.toFixed(0)} ms vs ${walk.direct.ms.toFixed(0)} ms; median ratio of the ${walk.rounds} rounds ${ratio.toFixed(2)}x`,
      });
    }
    const million = runs.find((run) => run.users === 1_000_000);
    if (million) {
      checks.push({
        issue: 19,
        target: `full delta of ${million.users} users in one call with service peak RSS under 200 MB`,
        met:
          million.service.calls === 1 &&
          million.service.items === million.users &&
          million.service.peakRssMB < 200,
        detail: `${million.service.calls} call(s), ${million.service.items} items, peak RSS ${million.service.peakRssMB.toFixed(1)} MB`,
      });
    }
    const [small, large] = [runs[0], runs.at(-1)];
    if (small && large && small !== large) {
      const growth = large.service.peakRssMB - small.service.peakRssMB;
      checks.push({
        issue: 3,
        target: `delta sync memory does not grow with tenant size (peak RSS at ${large.users} users within 10% of ${small.users})`,
        met: growth <= small.service.peakRssMB * 0.1,
        detail: `${small.service.peakRssMB.toFixed(1)} MB -> ${large.service.peakRssMB.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB)`,
      });
    }
  }
  return checks;
}
