/**
 * Issue 7 point 1: each workload through each target, at every connection count. The three targets
 * are started fresh for each workload (so a peak RSS belongs to that workload), each is warmed up,
 * then they take turns point by point. create-user gets a fresh empty tenant per target, so each target
 * creates into the same kind of directory and no run pays for another run's users.
 */
import type { BenchContext } from './bench-context.js';
import { type BenchTenant, createTenant } from './emulator-client.js';
import { type PointResult, runPoint } from './load-point.js';
import { median } from './median.js';
import { peakRssMB } from './proc-stats.js';
import { type ResponseSize, responseSize } from './response-size.js';
import { type RunningTarget, startTarget, TARGET_NAMES, type TargetName, targetPlan } from './targets.js';
import { createUser, queryUsers, readUser, type Workload, type WorkloadName } from './workloads.js';

export interface ThroughputRun {
  workload: WorkloadName;
  target: TargetName;
  points: PointResult[];
  peakRssMB: number;
  /** One answer's size on the wire, measured before the load. */
  response: ResponseSize;
}

export async function runThroughput(
  ctx: BenchContext,
  workloads: readonly WorkloadName[],
): Promise<ThroughputRun[]> {
  const runs: ThroughputRun[] = [];
  let createTenants = 0;
  for (const workloadName of workloads) {
    const started: Array<{ target: TargetName; running: RunningTarget; workload: Workload }> = [];
    // Every request each target was sent, warm-ups included, to set its log lines against.
    const sent = new Map<TargetName, number>();
    try {
      for (const target of TARGET_NAMES) {
        let tenant: BenchTenant = ctx.tenant;
        if (workloadName === 'create-user') {
          createTenants += 1;
          tenant = await createTenant(ctx.origin, `create${createTenants}.bench.test`, 0);
        }
        const running = await startTarget(
          targetPlan(target, ctx.paths, ctx.origin, tenant),
          ctx.paths.repoRoot,
        );
        started.push({ target, running, workload: makeWorkload(workloadName, ctx, tenant, target) });
      }
      const counted = async (target: TargetName, point: Promise<PointResult>) => {
        const result = await point;
        sent.set(target, (sent.get(target) ?? 0) + result.ok + result.failed);
        return result;
      };
      const pointOf = ({ running, workload }: (typeof started)[number]) => ({
        url: running.url,
        workload,
        targetPid: running.pid,
        upstreamPid: ctx.emulatorPid,
      });
      const sizes = new Map<TargetName, ResponseSize>();
      for (const entry of started) {
        sizes.set(
          entry.target,
          await responseSize(entry.running.url, entry.workload.path, entry.workload.nextBody()),
        );
      }
      for (const entry of started) {
        ctx.log(`${workloadName}: warming up ${entry.target}`);
        await counted(
          entry.target,
          runPoint({ ...pointOf(entry), connections: 16, seconds: ctx.warmupSeconds }),
        );
        // A moment at each measured connection count too: one connection takes code paths that
        // sixteen rarely do, and the first 1-connection point paid for compiling them.
        for (const connections of ctx.connections) {
          await counted(
            entry.target,
            runPoint({ ...pointOf(entry), connections, seconds: PER_COUNT_WARMUP_SECONDS }),
          );
        }
      }
      // Targets take turns at each connection count, round after round, the order reversed every
      // other round: a change in the machine's speed during the run (other tenants of the host) falls
      // on all of them alike rather than on whoever ran last. Each figure is the median of the rounds.
      const points = new Map<TargetName, PointResult[]>(started.map(({ target }) => [target, []]));
      for (const connections of ctx.connections) {
        const rounds = new Map<TargetName, PointResult[]>(started.map(({ target }) => [target, []]));
        for (let round = 0; round < ctx.rounds; round += 1) {
          for (const entry of round % 2 === 0 ? started : [...started].reverse()) {
            // Lets the previous target's background work (GC, JIT threads) finish off the clock.
            await settle();
            const result = await counted(
              entry.target,
              runPoint({ ...pointOf(entry), connections, seconds: ctx.seconds }),
            );
            ctx.log(
              `${workloadName} via ${entry.target.padEnd(12)} ${String(connections).padStart(3)} conn, round ${round + 1}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.cpuMsPerRequest.toFixed(3)} ms CPU/req${result.failed ? `, ${result.failed} FAILED` : ''}`,
            );
            rounds.get(entry.target)!.push(result);
          }
        }
        for (const { target } of started) points.get(target)!.push(medianPoint(rounds.get(target)!));
      }
      for (const { target, running } of started) {
        runs.push({
          workload: workloadName,
          target,
          points: points.get(target)!,
          peakRssMB: peakRssMB(running.pid),
          response: sizes.get(target)!,
        });
      }
    } finally {
      await Promise.all(started.map(({ running }) => running.process.stop()));
    }
    for (const { target, running } of started) {
      const logs = await running.logs?.counts();
      if (logs) {
        const served = sent.get(target) ?? 0;
        ctx.log(
          `${workloadName}: ${target} wrote ${logs.lines} log lines (${(logs.bytes / 1e6).toFixed(1)} MB) for ${served} requests, ${(logs.lines / Math.max(1, served)).toFixed(2)} a request`,
        );
      }
    }
  }
  return runs;
}

function makeWorkload(
  name: WorkloadName,
  ctx: BenchContext,
  tenant: BenchTenant,
  target: TargetName,
): Workload {
  switch (name) {
    case 'read-user':
      return readUser(ctx.upns);
    case 'create-user':
      return createUser(tenant, target);
    case 'query-users':
      return queryUsers();
  }
}

/**
 * One point from its rounds: each figure the median of the rounds' (so the rows of a point need
 * not come from the same round), the counts summed. `rounds` keeps every round's figures.
 */
function medianPoint(rounds: readonly PointResult[]): PointResult {
  const first = rounds[0];
  if (!first) throw new Error('a point needs at least one round');
  const middle = (pick: (point: PointResult) => number) => median(rounds.map(pick));
  return {
    connections: first.connections,
    seconds: rounds.reduce((sum, point) => sum + point.seconds, 0),
    ok: rounds.reduce((sum, point) => sum + point.ok, 0),
    failed: rounds.reduce((sum, point) => sum + point.failed, 0),
    rps: middle((point) => point.rps),
    p50Ms: middle((point) => point.p50Ms),
    p99Ms: middle((point) => point.p99Ms),
    cpuMsPerRequest: middle((point) => point.cpuMsPerRequest),
    upstreamCpuMsPerRequest: middle((point) => point.upstreamCpuMsPerRequest),
    coresUsed: {
      target: middle((point) => point.coresUsed.target),
      upstream: middle((point) => point.coresUsed.upstream),
      loader: middle((point) => point.coresUsed.loader),
    },
    rounds: rounds.map((point) => ({
      rps: point.rps,
      p99Ms: point.p99Ms,
      cpuMsPerRequest: point.cpuMsPerRequest,
    })),
  };
}

const SETTLE_MS = 500;
const PER_COUNT_WARMUP_SECONDS = 1;
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}
