/**
 * Where the service's time goes: the service and the pass-through are each run under
 * `node --cpu-prof` on one workload, and only the samples taken during the measured load count.
 * Comparing the two per request shows what the service adds on top of the floor.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './bench-context.js';
import { type ProfileSummary, summarizeProfile } from './cpu-profile-summary.js';
import { runPoint } from './load-point.js';
import { startTarget, type TargetName, targetPlan } from './targets.js';
import { createUser, queryUsers, readUser, type Workload, type WorkloadName } from './workloads.js';

export interface TargetProfile {
  target: TargetName;
  requests: number;
  summary: ProfileSummary;
}

export interface ProfileResult {
  workload: WorkloadName;
  connections: number;
  profiles: TargetProfile[];
}

export async function runProfiles(ctx: BenchContext, workloadName: WorkloadName): Promise<ProfileResult> {
  const connections = 16;
  const profiles: TargetProfile[] = [];
  for (const target of ['service', 'pass-through'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cpu-prof-'));
    try {
      ctx.log(`profiling ${target} on ${workloadName}`);
      const workload = profileWorkload(workloadName, ctx, `prof-${target}`);
      const running = await startTarget(
        targetPlan(target, ctx.paths, ctx.origin, ctx.tenant),
        ctx.paths.repoRoot,
        ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      );
      const base = {
        url: running.url,
        workload,
        targetPid: running.pid,
        upstreamPid: ctx.emulatorPid,
        connections,
      };
      let window: [number, number];
      let requests: number;
      try {
        await runPoint({ ...base, seconds: ctx.warmupSeconds });
        const startUs = monotonicUs();
        const point = await runPoint({ ...base, seconds: ctx.seconds });
        window = [startUs, monotonicUs()];
        requests = point.ok;
      } finally {
        // A graceful stop: the profile is written when the process exits by itself.
        await running.process.stop(10_000);
      }
      const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error(`${target} wrote no CPU profile`);
      profiles.push({ target, requests, summary: summarizeProfile(join(dir, file), window) });
      // BENCH_KEEP_PROFILES=<dir> keeps the raw profiles (open them in Chrome DevTools).
      const keep = process.env['BENCH_KEEP_PROFILES'];
      if (keep) {
        mkdirSync(keep, { recursive: true });
        copyFileSync(join(dir, file), join(keep, `${target}-${workloadName}.cpuprofile`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { workload: workloadName, connections, profiles };
}

function monotonicUs(): number {
  // process.hrtime reads CLOCK_MONOTONIC, the clock V8's profiler stamps samples with.
  return Number(process.hrtime.bigint() / 1000n);
}

function profileWorkload(name: WorkloadName, ctx: BenchContext, label: string): Workload {
  if (name === 'read-user') return readUser(ctx.upns);
  if (name === 'query-users') return queryUsers();
  return createUser(ctx.tenant, label);
}
