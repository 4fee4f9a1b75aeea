/**
 * The bulk issue's figures: 1,000 creates through one `POST /batch` against 1,000 single
 * `create-user` calls at 16 connections, each run on a fresh service process and a fresh empty
 * tenant: Graph HTTP requests the service made (its graph_responses_total), wall time and the
 * service's CPU. Then both again under the emulator's throttling model with 20% of the creates
 * answered 429 (Retry-After 1 s): duplicated users, retries before Retry-After (the emulator's
 * check), and whether every item is accounted for.
 */
import { Agent, request } from 'undici';
import type { BenchContext } from './bench-context.js';
import { type BenchTenant, createTenant, fetchToken, graphJson } from './emulator-client.js';
import { cpuSeconds } from './proc-stats.js';
import { serviceEnv, startTarget } from './targets.js';

export const BATCH_CREATES = 1000;
const SINGLE_CONNECTIONS = 16;
/** The fault profile of the throttled runs: a seeded 20% of the creates answer 429. */
export const THROTTLE_RULE = {
  method: 'POST',
  path: '/users',
  status: 429,
  retryAfter: 1,
  ratio: 0.2,
  seed: 16,
};

export interface BatchRun {
  mode: 'batch' | 'single';
  throttled: boolean;
  /** Creates answered 200 / with a problem / not answered at all. */
  succeeded: number;
  failed: number;
  unaccounted: number;
  graphRequests: number;
  /** Items (batch) or calls (single) repeated after a 429 or 503. */
  retries: number;
  wallMs: number;
  cpuMs: number;
  /** Throttled runs: users that exist twice, 429s the emulator sent, retries that came early. */
  duplicatedUsers?: number;
  injected429?: number;
  earlyRetries?: number;
  minRetryMarginMs?: number | null;
}

export async function runBatchSection(ctx: BenchContext): Promise<BatchRun[]> {
  const runs: BatchRun[] = [];
  for (const throttled of [false, true]) {
    for (const mode of ['single', 'batch'] as const) {
      runs.push(await measure(ctx, mode, throttled, runs.length));
      const run = runs.at(-1)!;
      ctx.log(
        `batch section: ${mode}${throttled ? ' throttled' : ''}: ${run.succeeded} ok, ${run.graphRequests} Graph requests, ${run.wallMs.toFixed(0)} ms, ${run.cpuMs.toFixed(0)} ms CPU`,
      );
    }
  }
  return runs;
}

async function measure(ctx: BenchContext, mode: BatchRun['mode'], throttled: boolean, n: number) {
  const tenant = await createTenant(ctx.origin, `bulk${n}.bench.test`, 0);
  const service = await startTarget(
    { name: 'service', args: [`${ctx.paths.repoRoot}/dist/server.js`], env: serviceEnv(ctx.origin, tenant) },
    ctx.paths.repoRoot,
  );
  const dispatcher = new Agent({ connections: SINGLE_CONNECTIONS });
  try {
    // One warm-up call: the token and the connections, which neither mode should pay for inside the figure.
    await post(dispatcher, `${service.url}/capabilities/read-user`, { userId: `nobody@${tenant.domain}` });
    await emulatorAdmin(ctx.origin, 'DELETE', '/_emulator/faults');
    if (throttled) {
      await emulatorAdmin(ctx.origin, 'PUT', '/_emulator/throttling', { enabled: true });
      await emulatorAdmin(ctx.origin, 'POST', '/_emulator/faults', {
        ...THROTTLE_RULE,
        inBatch: mode === 'batch',
      });
    }
    const before = await serviceCounters(dispatcher, service.url);
    const cpuBefore = cpuSeconds(service.pid);
    const started = performance.now();
    const outcomes =
      mode === 'batch'
        ? await viaBatch(dispatcher, service.url, tenant)
        : await viaSingles(dispatcher, service.url, tenant);
    const wallMs = performance.now() - started;
    const cpuMs = (cpuSeconds(service.pid) - cpuBefore) * 1000;
    const after = await serviceCounters(dispatcher, service.url);
    const run: BatchRun = {
      mode,
      throttled,
      succeeded: outcomes.filter((status) => status === 200).length,
      failed: outcomes.filter((status) => status !== 200 && status !== 0).length,
      unaccounted: BATCH_CREATES - outcomes.filter((status) => status !== 0).length,
      graphRequests: after.graphRequests - before.graphRequests,
      retries: after.retries - before.retries,
      wallMs,
      cpuMs,
    };
    if (throttled) {
      const faults = (await emulatorAdmin(ctx.origin, 'GET', '/_emulator/faults')) as {
        rules: { hits: number }[];
        retryTiming: { early: number; minMarginMs: number | null };
      };
      run.injected429 = faults.rules[0]?.hits ?? 0;
      run.earlyRetries = faults.retryTiming.early;
      run.minRetryMarginMs = faults.retryTiming.minMarginMs;
      run.duplicatedUsers = await duplicatedUsers(ctx.origin, tenant);
    }
    return run;
  } finally {
    await emulatorAdmin(ctx.origin, 'DELETE', '/_emulator/faults');
    await emulatorAdmin(ctx.origin, 'PUT', '/_emulator/throttling', { enabled: false });
    await dispatcher.close();
    await service.process.stop();
  }
}

function createInput(tenant: BenchTenant, i: number) {
  return {
    createUserAccountEnabled: true,
    createUserDisplayName: `Bulk ${i}`,
    createUserMailNickname: `bulk${i}`,
    createUserPrincipalName: `bulk${i}@${tenant.domain}`,
    createUserPassword: 'Correct-Horse-9-Battery',
  };
}

/** One POST /batch with every create; each item's status (0: missing from the answer). */
async function viaBatch(dispatcher: Agent, url: string, tenant: BenchTenant): Promise<number[]> {
  const requests = Array.from({ length: BATCH_CREATES }, (_, i) => ({
    id: String(i),
    capability: 'create-user',
    input: createInput(tenant, i),
  }));
  const { status, body } = await post(dispatcher, `${url}/batch`, { requests });
  if (status !== 200)
    throw new Error(`POST /batch answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  const byId = new Map(
    (body as { responses: { id: string; status: number }[] }).responses.map((r) => [r.id, r.status]),
  );
  return requests.map((item) => byId.get(item.id) ?? 0);
}

/** Every create as its own call, SINGLE_CONNECTIONS at a time. */
async function viaSingles(dispatcher: Agent, url: string, tenant: BenchTenant): Promise<number[]> {
  const statuses = new Array<number>(BATCH_CREATES).fill(0);
  let next = 0;
  await Promise.all(
    Array.from({ length: SINGLE_CONNECTIONS }, async () => {
      while (next < BATCH_CREATES) {
        const i = next++;
        statuses[i] = (
          await post(dispatcher, `${url}/capabilities/create-user`, createInput(tenant, i))
        ).status;
      }
    }),
  );
  return statuses;
}

async function post(dispatcher: Agent, url: string, body: unknown) {
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    headersTimeout: 300_000,
    bodyTimeout: 300_000,
  });
  return { status: res.statusCode, body: (await res.body.json()) as unknown };
}

/** The service's own counters: HTTP answers from Graph, and retries (calls and batch items). */
async function serviceCounters(dispatcher: Agent, url: string) {
  const res = await request(`${url}/metrics`, { dispatcher });
  const text = await res.body.text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { graphRequests: sum('graph_responses_total'), retries: sum('graph_retries_total') };
}

async function emulatorAdmin(
  origin: string,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
) {
  const res = await request(`${origin}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} -> ${res.statusCode}: ${text.slice(0, 200)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** Users of the tenant whose mailNickname exists more than once (a create applied twice). */
async function duplicatedUsers(origin: string, tenant: BenchTenant): Promise<number> {
  const token = await fetchToken(origin, tenant);
  const seen = new Map<string, number>();
  let path: string | undefined = '/users?$select=mailNickname&$top=999';
  while (path) {
    const page: { value: { mailNickname: string }[]; '@odata.nextLink'?: string } = await graphJson(
      origin,
      token,
      'GET',
      path,
    );
    for (const user of page.value) seen.set(user.mailNickname, (seen.get(user.mailNickname) ?? 0) + 1);
    const next = page['@odata.nextLink'];
    path = next ? next.slice(next.indexOf('/v1.0') + '/v1.0'.length) : undefined;
  }
  return [...seen.values()].filter((count) => count > 1).length;
}
