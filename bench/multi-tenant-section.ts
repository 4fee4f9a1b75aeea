/**
 * Issue 7 point 2: 1,000 tenants called round-robin through one service process with body
 * credentials. Each tenant gets one user (created by the harness with its own token, before the
 * service starts), so every call is a real read. Token requests are counted by the emulator: the
 * service's share is the count after the run minus the count before it started.
 */
import type { BenchContext } from './bench-context.js';
import { createTenant, fetchToken, graphJson, tokenRequestsByTenant } from './emulator-client.js';
import { type PointResult, runPoint } from './load-point.js';
import { peakRssMB } from './proc-stats.js';
import { serviceEnv, startTarget } from './targets.js';
import { readUserAcrossTenants } from './workloads.js';

export interface MultiTenantResult {
  tenants: number;
  singleTenant: PointResult;
  roundRobin: PointResult;
  /** Token requests the service made, all tenants together. */
  tokenRequests: number;
  /** Tenants that got more than one token request. */
  tenantsAskedTwice: number;
  peakRssMB: number;
}

export async function runMultiTenant(ctx: BenchContext, count: number): Promise<MultiTenantResult> {
  ctx.log(`multi-tenant: creating ${count} tenants with one user each`);
  const tenants = await inBatches(count, 16, async (i) => {
    const tenant = await createTenant(ctx.origin, `t${i}.multi.bench.test`, 0);
    const upn = `bench.user@${tenant.domain}`;
    const token = await fetchToken(ctx.origin, tenant);
    await graphJson(ctx.origin, token, 'POST', '/users', {
      accountEnabled: true,
      displayName: `Bench User ${i}`,
      mailNickname: 'bench.user',
      userPrincipalName: upn,
      passwordProfile: { password: 'Correct-Horse-9-Battery' },
    });
    return { tenant, upn };
  });
  const before = await tokenRequestsByTenant(ctx.origin);

  // No AZURE_* variables: every call names its tenant, so the service holds exactly `count` clients.
  const running = await startTarget(
    {
      name: 'service',
      args: [`${ctx.paths.repoRoot}/dist/server.js`],
      env: serviceEnv(ctx.origin, undefined),
    },
    ctx.paths.repoRoot,
  );
  try {
    const base = { url: running.url, targetPid: running.pid, upstreamPid: ctx.emulatorPid, connections: 64 };
    const one = readUserAcrossTenants(tenants.slice(0, 1));
    await runPoint({ ...base, workload: one, seconds: ctx.warmupSeconds });
    const singleTenant = await runPoint({ ...base, workload: one, seconds: ctx.seconds });
    ctx.log(`  single tenant: ${singleTenant.rps.toFixed(0)} req/s`);
    // Twice as long: the first pass over the tenants (cold tokens) is part of the figure.
    const roundRobin = await runPoint({
      ...base,
      workload: readUserAcrossTenants(tenants),
      seconds: ctx.seconds * 2,
    });
    ctx.log(`  round-robin over ${count}: ${roundRobin.rps.toFixed(0)} req/s`);
    const after = await tokenRequestsByTenant(ctx.origin);
    const made = tenants.map(({ tenant }) => (after[tenant.tenantId] ?? 0) - (before[tenant.tenantId] ?? 0));
    return {
      tenants: count,
      singleTenant,
      roundRobin,
      tokenRequests: made.reduce((a, b) => a + b, 0),
      tenantsAskedTwice: made.filter((n) => n > 1).length,
      peakRssMB: peakRssMB(running.pid),
    };
  } finally {
    await running.process.stop();
  }
}

async function inBatches<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await make(i);
      }
    }),
  );
  return out;
}
