/**
 * Issue 7 point 1: each workload through each target, at every connection count. Every target is
 * started fresh for each workload (so its peak RSS belongs to that workload) and warmed up before
 * its first measured point. create-user gets a fresh empty tenant per target, so each target
 * creates into the same kind of directory and no run pays for another run's users.
 */
import type { BenchContext } from './bench-context.js';
import { type BenchTenant, createTenant } from './emulator-client.js';
import { type PointResult, runPoint } from './load-point.js';
import { peakRssMB } from './proc-stats.js';
import { startTarget, TARGET_NAMES, type TargetName, targetPlan } from './targets.js';
import { createUser, queryUsers, readUser, type Workload, type WorkloadName } from './workloads.js';

export interface ThroughputRun {
  workload: WorkloadName;
  target: TargetName;
  points: PointResult[];
  peakRssMB: number;
}

export async function runThroughput(
  ctx: BenchContext,
  workloads: readonly WorkloadName[],
): Promise<ThroughputRun[]> {
  const runs: ThroughputRun[] = [];
  let createTenants = 0;
  for (const workloadName of workloads) {
    for (const target of TARGET_NAMES) {
      let tenant: BenchTenant = ctx.tenant;
      if (workloadName === 'create-user') {
        createTenants += 1;
        tenant = await createTenant(ctx.origin, `create${createTenants}.bench.test`, 0);
      }
      const workload = makeWorkload(workloadName, ctx, tenant, target);
      ctx.log(`${workloadName} via ${target}`);
      const running = await startTarget(
        targetPlan(target, ctx.paths, ctx.origin, tenant),
        ctx.paths.repoRoot,
      );
      try {
        const point = { url: running.url, workload, targetPid: running.pid, upstreamPid: ctx.emulatorPid };
        await runPoint({ ...point, connections: 16, seconds: ctx.warmupSeconds });
        const points: PointResult[] = [];
        for (const connections of ctx.connections) {
          const result = await runPoint({ ...point, connections, seconds: ctx.seconds });
          ctx.log(
            `  ${String(connections).padStart(3)} conn: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.cpuMsPerRequest.toFixed(3)} ms CPU/req${result.failed ? `, ${result.failed} FAILED` : ''}`,
          );
          points.push(result);
        }
        runs.push({ workload: workloadName, target, points, peakRssMB: peakRssMB(running.pid) });
      } finally {
        await running.process.stop();
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
