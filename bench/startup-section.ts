/**
 * Issue 7 point 3: from spawn to the first 200 from /readyz, several runs per mode, median kept.
 * Live mode is the service pointed at the shared emulator; sandbox mode is the service with no
 * configuration at all, starting its own emulator with the default seed.
 */
import type { BenchContext } from './bench-context.js';
import { median } from './median.js';
import { serviceEnv, startTarget } from './targets.js';

export interface StartupResult {
  mode: 'live' | 'sandbox';
  runsMs: number[];
  medianMs: number;
  /** CPU time used by the process until ready, median. */
  medianCpuMs: number;
}

export async function runStartup(ctx: BenchContext, runs: number): Promise<StartupResult[]> {
  const server = `${ctx.paths.repoRoot}/dist/server.js`;
  const modes = [
    { mode: 'live' as const, env: serviceEnv(ctx.origin, ctx.tenant) },
    // Sandbox with its defaults (seed of 60 users, info logs); memory store so no file is left behind.
    { mode: 'sandbox' as const, env: { STATE_STORE_URL: 'memory:' } },
  ];
  const results: StartupResult[] = [];
  for (const { mode, env } of modes) {
    const runsMs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const running = await startTarget({ name: 'service', args: [server], env }, ctx.paths.repoRoot);
      runsMs.push(running.readyMs);
      cpuMs.push(running.readyCpuMs);
      await running.process.stop();
    }
    const medianMs = median(runsMs);
    const medianCpuMs = median(cpuMs);
    ctx.log(
      `start-up ${mode}: median ${medianMs.toFixed(0)} ms, ${medianCpuMs.toFixed(0)} ms CPU (${runsMs.map((ms) => ms.toFixed(0)).join(', ')})`,
    );
    results.push({ mode, runsMs, medianMs, medianCpuMs });
  }
  return results;
}
