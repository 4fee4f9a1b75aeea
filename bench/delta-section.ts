/**
 * Issue 19 point 3 (after issue 3 point 5): a full delta round of a large tenant through the
 * service against the same page walk done directly on the emulator with undici (same page size).
 * By default the service walks the whole round in one query-user-changes call (no maxPages): the
 * answer is streamed, so its memory must not grow with the tenant. Direct and service walks are
 * interleaved, round after round, on one warm service process, and the medians compared.
 *
 * A paused reader shows the backpressure: the caller reads the start of the answer and stops; the
 * service must stop asking Graph for pages (the emulator's request count says how many it asked
 * for meanwhile) instead of holding the answer.
 */
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { BenchContext } from './bench-context.js';
import { type SelfTime, summarizeProfile } from './cpu-profile-summary.js';
import { type BenchTenant, createTenant, fetchToken } from './emulator-client.js';
import { median } from './median.js';
import { cpuSeconds, peakRssMB, rssMB } from './proc-stats.js';
import { serviceEnv, startTarget } from './targets.js';

export const DELTA_QUERY = '$select=displayName,mail';
/** The emulator's delta page size (its default, Graph's usual 100 for users). */
export const DELTA_PAGE_SIZE = 100;
const PAUSE_MS = 2_000;
/** The tenant size of the run that shows memory does not grow with the answer. */
export const DELTA_MILLION = 1_000_000;

export interface DeltaRun {
  users: number;
  /** Pages per call; undefined: the whole round in one call. */
  maxPagesPerCall: number | undefined;
  /** Interleaved rounds (direct then service); the ms figures are their medians. */
  rounds: number;
  /** Median of the rounds' service / direct ratios: each round's pair ran under the same load. */
  ratio: number;
  direct: { ms: number; runsMs: number[]; pages: number; items: number };
  service: {
    ms: number;
    runsMs: number[];
    /** The service's CPU time (user + system) per walk, median: what it costs, whatever the load. */
    cpuMs: number;
    calls: number;
    pages: number;
    items: number;
    bytes: number;
    readyRssMB: number;
    peakRssMB: number;
  };
  pausedReader?: PausedReader;
  profile?: DeltaProfile;
}

/** Self time of the service during the measured walks, per walk (BENCH_DELTA_CPU_PROF). */
export interface DeltaProfile {
  walks: number;
  busyMsPerWalk: number;
  origins: SelfTime[];
  functions: SelfTime[];
}

/** What a caller that stops reading costs the service. */
export interface PausedReader {
  pauseMs: number;
  /** Bytes the caller had read when it stopped. */
  bytesRead: number;
  /** Graph pages the service asked for while the caller did not read. */
  pagesFetchedWhilePaused: number;
  totalPages: number;
  rssBeforeMB: number;
  rssAfterPauseMB: number;
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
  options: { maxPagesPerCall: number | undefined; rounds: number; pausedReader: boolean },
): Promise<DeltaRun> {
  ctx.log(`delta sync of ${users} users: seeding tenant`);
  const tenant = await createTenant(ctx.origin, `delta${users}.bench.test`, users);
  // BENCH_DELTA_CPU_PROF=<dir>: the service writes a V8 CPU profile there when it stops.
  const profileDir = process.env['BENCH_DELTA_CPU_PROF'];
  const running = await startTarget(
    {
      name: 'service',
      args: [
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        `${ctx.paths.repoRoot}/dist/server.js`,
      ],
      // A million users is about 10,000 pages in one call: room beyond the 30 s default.
      env: { ...serviceEnv(ctx.origin, tenant), REQUEST_TIMEOUT_MS: '600000' },
    },
    ctx.paths.repoRoot,
  );
  let measured: { run: DeltaRun; window: [number, number] };
  try {
    measured = await measure(ctx, users, tenant, running, options);
  } finally {
    // A graceful stop: a CPU profile is written when the process exits by itself.
    await running.process.stop(10_000);
  }
  const profile = profileDir ? profileOfWalks(profileDir, measured.window, options.rounds) : undefined;
  return profile ? { ...measured.run, profile } : measured.run;
}

/** Unmeasured walks each way before the rounds. */
export const WARM_UP_WALKS = 3;

async function measure(
  ctx: BenchContext,
  users: number,
  tenant: BenchTenant,
  running: { url: string; pid: number },
  options: { maxPagesPerCall: number | undefined; rounds: number; pausedReader: boolean },
): Promise<{ run: DeltaRun; window: [number, number] }> {
  const readyRssMB = peakRssMB(running.pid);
  // Walks each way, not measured, so that V8 has optimised the service's page path and the
  // emulator's, as the throughput section warms up before it measures: after one warm-up walk the
  // service's CPU per walk still fell from 420 to 150 ms over the five measured rounds.
  if (options.rounds > 1) {
    for (let warmUp = 0; warmUp < WARM_UP_WALKS; warmUp += 1) {
      await walkDirect(ctx.origin, tenant);
      await walkThroughService(running.url, options.maxPagesPerCall, `bench-warm-up-${warmUp}`, running.pid);
    }
  }
  const windowStartUs = monotonicUs();
  const directRuns: Awaited<ReturnType<typeof walkDirect>>[] = [];
  const serviceRuns: Awaited<ReturnType<typeof walkThroughService>>[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const direct = await walkDirect(ctx.origin, tenant);
    directRuns.push(direct);
    const walked = await walkThroughService(
      running.url,
      options.maxPagesPerCall,
      `bench-sync-${round}`,
      running.pid,
    );
    serviceRuns.push(walked);
    ctx.log(
      `  round ${round + 1}: direct ${direct.pages} pages, ${direct.items} items in ${direct.ms.toFixed(0)} ms; service ${walked.calls} calls, ${walked.pages} pages, ${walked.items} items in ${walked.ms.toFixed(0)} ms (${(walked.ms / direct.ms).toFixed(2)}x), service CPU ${walked.cpuMs.toFixed(0)} ms`,
    );
  }
  const window: [number, number] = [windowStartUs, monotonicUs()];
  const service = {
    ...serviceRuns.at(-1)!,
    ms: median(serviceRuns.map((run) => run.ms)),
    runsMs: serviceRuns.map((run) => run.ms),
    cpuMs: median(serviceRuns.map((run) => run.cpuMs)),
    readyRssMB,
    peakRssMB: peakRssMB(running.pid),
  };
  const direct = {
    ...directRuns.at(-1)!,
    ms: median(directRuns.map((run) => run.ms)),
    runsMs: directRuns.map((run) => run.ms),
  };
  ctx.log(`  service peak RSS ${service.peakRssMB.toFixed(1)} MB`);
  const run: DeltaRun = {
    users,
    maxPagesPerCall: options.maxPagesPerCall,
    rounds: options.rounds,
    ratio: median(serviceRuns.map((walked, round) => walked.ms / directRuns[round]!.ms)),
    direct,
    service,
  };
  if (options.pausedReader) {
    run.pausedReader = await pauseMidAnswer(ctx.origin, running.url, running.pid, service.pages);
    ctx.log(
      `  paused reader: ${run.pausedReader.pagesFetchedWhilePaused} of ${service.pages} pages fetched in ${PAUSE_MS} ms, RSS ${run.pausedReader.rssBeforeMB.toFixed(1)} -> ${run.pausedReader.rssAfterPauseMB.toFixed(1)} MB`,
    );
  }
  return { run, window };
}

/**
 * With BENCH_DELTA_CPU_PROF: where the service's CPU went during the measured rounds (the direct
 * walks between them leave it idle, and idle is not counted), per walk.
 */
function profileOfWalks(dir: string, window: [number, number], walks: number): DeltaProfile | undefined {
  const newest = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
  if (!newest) return undefined;
  const summary = summarizeProfile(join(dir, newest.name), window);
  const perWalk = (entries: SelfTime[], count: number) =>
    entries.slice(0, count).map((entry) => ({ label: entry.label, ms: entry.ms / walks }));
  return {
    walks,
    busyMsPerWalk: summary.busyMs / walks,
    origins: perWalk(summary.origins, 8),
    functions: perWalk(summary.functions, 10),
  };
}

function monotonicUs(): number {
  // process.hrtime reads CLOCK_MONOTONIC, the clock V8's profiler stamps samples with.
  return Number(process.hrtime.bigint() / 1000n);
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

/** query-user-changes with a syncKey, `maxPages` per call (or one call), until the deltaLink. */
async function walkThroughService(
  serviceUrl: string,
  maxPages: number | undefined,
  syncKey: string,
  pid: number,
) {
  const dispatcher = new Agent({ connections: 1, bodyTimeout: 0, headersTimeout: 0 });
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  let calls = 0;
  let pages = 0;
  let items = 0;
  let bytes = 0;
  try {
    for (;;) {
      const body = {
        syncKey,
        ...(maxPages === undefined ? {} : { maxPages }),
        // Only the first call names the query; later calls resume from the stored cursor.
        ...(calls === 0 ? { userQuery: DELTA_QUERY } : {}),
      };
      const res = await request(`${serviceUrl}/capabilities/query-user-changes`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.body.text();
      bytes += Buffer.byteLength(text);
      const answer = JSON.parse(text) as {
        output?: { pages: number; rawResponse: { value: unknown[]; '@odata.deltaLink'?: string } };
      };
      if (res.statusCode !== 200 || !answer.output) {
        throw new Error(`query-user-changes answered ${res.statusCode}: ${text.slice(0, 300)}`);
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
  return {
    ms: performance.now() - started,
    cpuMs: (cpuSeconds(pid) - cpuBefore) * 1000,
    calls,
    pages,
    items,
    bytes,
  };
}

/** A whole-round call whose caller reads the first 256 KB, stops for PAUSE_MS, then drains. */
async function pauseMidAnswer(
  origin: string,
  serviceUrl: string,
  pid: number,
  totalPages: number,
): Promise<PausedReader> {
  const dispatcher = new Agent({ connections: 1, bodyTimeout: 0, headersTimeout: 0 });
  try {
    const res = await request(`${serviceUrl}/capabilities/query-user-changes`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userQuery: DELTA_QUERY, syncKey: 'bench-paused-reader' }),
    });
    const body = res.body;
    let bytesRead = 0;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        bytesRead += chunk.length;
        if (bytesRead < 256 * 1024) return;
        body.pause();
        body.off('data', onData);
        resolve();
      };
      body.on('data', onData);
      body.once('error', reject);
      body.once('end', () =>
        reject(new Error(`the answer ended after ${bytesRead} bytes, before the pause`)),
      );
    });
    const rssBeforeMB = rssMB(pid);
    const graphBefore = await graphRequestCount(origin);
    await delay(PAUSE_MS);
    const pagesFetchedWhilePaused = (await graphRequestCount(origin)) - graphBefore;
    const rssAfterPauseMB = rssMB(pid);
    body.removeAllListeners('end');
    const ended = once(body, 'end');
    body.resume();
    await ended;
    return {
      pauseMs: PAUSE_MS,
      bytesRead,
      pagesFetchedWhilePaused,
      totalPages,
      rssBeforeMB,
      rssAfterPauseMB,
    };
  } finally {
    await dispatcher.close();
  }
}

/** Graph requests the emulator has answered so far (all tenants; nothing else runs meanwhile). */
async function graphRequestCount(origin: string): Promise<number> {
  const res = await request(`${origin}/_emulator/stats`);
  return ((await res.body.json()) as { graphRequests: number }).graphRequests;
}
