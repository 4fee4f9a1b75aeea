/**
 * Issue 3 point 5: a full delta sync of a large tenant through the service (query-user-changes
 * with a syncKey, `maxPages` pages per call, repeated until a deltaLink comes back) against the
 * same page walk done directly on the emulator with undici. Run for two tenant sizes so the
 * service's peak RSS can be compared: streaming pages into a cursor must not grow with the tenant.
 */
import { Agent, request } from 'undici';
import type { BenchContext } from './bench-context.js';
import { type BenchTenant, createTenant, fetchToken } from './emulator-client.js';
import { peakRssMB } from './proc-stats.js';
import { serviceEnv, startTarget } from './targets.js';

export const DELTA_QUERY = '$select=displayName,mail';

export interface DeltaRun {
  users: number;
  maxPagesPerCall: number;
  direct: { ms: number; pages: number; items: number };
  service: { ms: number; calls: number; pages: number; items: number; readyRssMB: number; peakRssMB: number };
}

/** Whether the emulator serves /users/delta yet (it was being built alongside this harness). */
export async function deltaAvailable(ctx: BenchContext): Promise<boolean> {
  const token = await fetchToken(ctx.origin, ctx.tenant);
  const res = await request(`${ctx.origin}/v1.0/users/delta?$select=id`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.body.dump();
  return res.statusCode === 200;
}

export async function runDeltaSync(
  ctx: BenchContext,
  users: number,
  maxPagesPerCall: number,
): Promise<DeltaRun> {
  ctx.log(`delta sync of ${users} users: seeding tenant`);
  const tenant = await createTenant(ctx.origin, `delta${users}.bench.test`, users);
  const direct = await walkDirect(ctx.origin, tenant);
  ctx.log(`  direct: ${direct.pages} pages, ${direct.items} items in ${direct.ms.toFixed(0)} ms`);

  const running = await startTarget(
    { name: 'service', args: [`${ctx.paths.repoRoot}/dist/server.js`], env: serviceEnv(ctx.origin, tenant) },
    ctx.paths.repoRoot,
  );
  try {
    const readyRssMB = peakRssMB(running.pid);
    const walked = await walkThroughService(running.url, maxPagesPerCall);
    const service = { ...walked, readyRssMB, peakRssMB: peakRssMB(running.pid) };
    ctx.log(
      `  service: ${service.calls} calls, ${service.pages} pages, ${service.items} items in ${service.ms.toFixed(0)} ms, peak RSS ${service.peakRssMB.toFixed(1)} MB`,
    );
    return { users, maxPagesPerCall, direct, service };
  } finally {
    await running.process.stop();
  }
}

/** What a hand-written client would do: follow nextLink until the deltaLink, parsing each page. */
async function walkDirect(origin: string, tenant: BenchTenant) {
  const token = await fetchToken(origin, tenant);
  const dispatcher = new Agent({ connections: 1 });
  const started = performance.now();
  let url: string | undefined = `${origin}/v1.0/users/delta?${DELTA_QUERY}`;
  let pages = 0;
  let items = 0;
  try {
    while (url) {
      const res = await request(url, { dispatcher, headers: { authorization: `Bearer ${token}` } });
      const page = (await res.body.json()) as { value?: unknown[]; '@odata.nextLink'?: string };
      if (res.statusCode !== 200) throw new Error(`direct delta page answered ${res.statusCode}`);
      pages += 1;
      items += page.value?.length ?? 0;
      url = page['@odata.nextLink'];
    }
  } finally {
    await dispatcher.close();
  }
  return { ms: performance.now() - started, pages, items };
}

async function walkThroughService(serviceUrl: string, maxPages: number) {
  const dispatcher = new Agent({ connections: 1 });
  const started = performance.now();
  let calls = 0;
  let pages = 0;
  let items = 0;
  try {
    for (;;) {
      const body = {
        syncKey: 'bench-full-sync',
        maxPages,
        // Only the first call names the query; later calls resume from the stored cursor.
        ...(calls === 0 ? { userQuery: DELTA_QUERY } : {}),
      };
      const res = await request(`${serviceUrl}/capabilities/query-user-changes`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await res.body.json()) as {
        output?: { pages: number; rawResponse: { value: unknown[]; '@odata.deltaLink'?: string } };
      };
      if (res.statusCode !== 200 || !answer.output) {
        throw new Error(
          `query-user-changes answered ${res.statusCode}: ${JSON.stringify(answer).slice(0, 300)}`,
        );
      }
      calls += 1;
      pages += answer.output.pages;
      items += answer.output.rawResponse.value.length;
      if (answer.output.rawResponse['@odata.deltaLink']) break;
      if (calls > 100_000) throw new Error('no deltaLink after 100,000 calls');
    }
  } finally {
    await dispatcher.close();
  }
  return { ms: performance.now() - started, calls, pages, items };
}
