/** Renders bench/RESULTS.md from one run's results: machine, method, every figure, the targets. */

import { type BenchResults, checkTargets, pointRatios } from './bench-results.js';
import { DELTA_PAGE_SIZE, WARM_UP_WALKS } from './delta-section.js';
import type { ProfileResult } from './profile-section.js';
import { TARGET_NAMES } from './targets.js';
import { WORKLOAD_NAMES } from './workloads.js';

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function renderResults(results: BenchResults): string {
  const m = results.machine;
  const s = results.settings;
  const out: string[] = [
    '# Benchmark results',
    '',
    `Written by \`${results.command}\` (bench/run-bench.ts) on ${results.startedAt}; the run took ${f(results.totalSeconds, 0)} s. Regenerated on every run: do not edit by hand.`,
    '',
    '## Machine',
    '',
    '| cpus (nproc) | CPU model | memory | Node.js | kernel | load average 1/5/15 min, start -> end |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${m.cpus} | ${m.cpuModel} | ${f(m.memoryGB, 1)} GB | ${m.node} | ${m.kernel} | ${results.load.before.join(' ')} -> ${results.load.after.join(' ')} |`,
    '',
    `A load average above ${m.cpus} at the start means other work shared the CPUs with this run: wall-clock figures (req/s, latency, start-up) then understate what the machine can do, while CPU time per request and RSS are much less affected.`,
    '',
    '## Method',
    '',
    `- Command: \`${results.command}\` (builds the service with \`npm run build\`, then runs \`node --import tsx bench/run-bench.ts\`).`,
    '- One emulator process (`packages/graph-emulator/dist/standalone.js`) serves every target: same tenants, same upstream cost.',
    `  The bench tenant has ${s.benchTenantUsers} seeded users; read-user rotates over 100 of their UPNs; create-user sends a unique UPN per request into a fresh empty tenant per target; query-users sends \`$select=id,displayName,mail,userPrincipalName&$top=100\` (100 users per answer).`,
    '- Targets, each its own process on a free 127.0.0.1 port, started fresh for each workload:',
    '  - **service**: `node dist/server.js`, `GRAPH_MODE=live`, `GRAPH_BASE_URL`/`AUTHORITY_HOST` = the emulator, `AUTH_DISABLED=true`, `STATE_STORE_URL=memory:`, `RATE_LIMIT_PER_MINUTE=1000000` (the limiter stays on, its ceiling out of reach); otherwise as shipped: `LOG_LEVEL` at its default (info, one access line per request), metrics collected, stdout a pipe drained by a separate reader process as a container runtime would (`bench/log-reader.ts`; the harness log shows the lines it counted per request).',
    ...(process.env['BENCH_SERVICE_ENV']
      ? [
          `  - service settings added for this run (BENCH_SERVICE_ENV): \`${process.env['BENCH_SERVICE_ENV']}\``,
        ]
      : []),
    '  - **pass-through** (`bench/passthrough-server.ts`): Fastify + one undici request per call, token fetched once at start, no validation, no retries, Graph body spliced in as text.',
    '  - **sdk** (`bench/sdk-server.ts`): Fastify + `@microsoft/microsoft-graph-client` 3 (default middleware) + MSAL Node as its auth provider.',
    '  - pass-through and sdk are transpiled to JavaScript first (bench/compile-targets.ts), so no target runs under tsx.',
    `- Load: autocannon 8 in the harness process, ${s.connections.join(' / ')} connections, ${s.rounds} interleaved rounds of ${s.seconds} s per point: in each round the targets take turns at the connection count, in reverse order every other round (so a change in the machine's speed falls on all of them alike), and every figure of a point is the median of its rounds (each round's req/s, p99 and CPU per request are listed below the table), after a warm-up of ${s.warmupSeconds} s at 16 connections and 1 s at each measured connection count, so that V8 has optimised the hot path before anything is measured (with 1 s at 16 connections only, the service's JIT was still compiling during the 1-connection point). Latency percentiles come from every 2xx response time (float ms, nearest rank).`,
    '- CPU per request: utime + stime of the target from `/proc/<pid>/stat` over the point, divided by its 2xx responses. Peak RSS: `VmHWM` from `/proc/<pid>/status` (MB = 10^6 bytes).',
    `- The machine has ${m.cpus} cores for three busy processes (load generator, emulator, target): throughput is shared-CPU throughput. "cores used" shows who used them; CPU per request is the figure that isolates the target.`,
    '',
    '## Targets',
    '',
    '| issue | target | met | measured |',
    '| --- | --- | --- | --- |',
    ...checkTargets(results).map(
      (c) => `| ${c.issue} | ${c.target} | ${c.met ? 'met' : '**not met**'} | ${c.detail} |`,
    ),
    '',
    ...throughputSection(results),
    ...multiTenantSection(results),
    ...startupSection(results),
    ...deltaSection(results),
    ...(results.profile ? profileSection(results.profile) : []),
  ];
  return `${out.join('\n')}\n`;
}

function throughputSection(results: BenchResults): string[] {
  const out = ['## Throughput, latency, CPU and memory (issue 7.1)', ''];
  const ratios = pointRatios(results.throughput);
  for (const workload of WORKLOAD_NAMES) {
    const runs = results.throughput.filter((run) => run.workload === workload);
    if (runs.length === 0) continue;
    out.push(
      `### ${workload}`,
      '',
      '| target | connections | req/s | p50 ms | p99 ms | CPU ms/req (target) | CPU ms/req (emulator) | cores used target / emulator / loader | failed | peak RSS MB |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    const sizes = runs.map((run) => `${run.target} ${run.response.headerBytes} + ${run.response.bodyBytes}`);
    for (const target of TARGET_NAMES) {
      const run = runs.find((r) => r.target === target);
      for (const p of run?.points ?? []) {
        const cores = `${f(p.coresUsed.target)} / ${f(p.coresUsed.upstream)} / ${f(p.coresUsed.loader)}`;
        out.push(
          `| ${target} | ${p.connections} | ${f(p.rps, 0)} | ${f(p.p50Ms)} | ${f(p.p99Ms)} | ${f(p.cpuMsPerRequest, 3)} | ${f(p.upstreamCpuMsPerRequest, 3)} | ${cores} | ${p.failed} | ${f(run!.peakRssMB, 1)} |`,
        );
      }
    }
    out.push(
      '',
      `One answer on the wire, header bytes + body bytes: ${sizes.join('; ')}.`,
      '',
      '| connections | service / pass-through req/s | service / pass-through CPU per request | service p99 - pass-through p99 | service / sdk req/s |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const r of ratios.filter((x) => x.workload === workload)) {
      out.push(
        `| ${r.connections} | ${f(r.vsPassThrough)} | ${f(r.cpuVsPassThrough)} | ${f(r.p99OverPassThroughMs)} ms | ${f(r.vsSdk)} |`,
      );
    }
    out.push('', 'Each round (req/s, p99 ms, CPU ms per request):', '');
    for (const run of runs) {
      for (const p of run.points) {
        if (!p.rounds) continue;
        const each = p.rounds.map((r) => `${f(r.rps, 0)} / ${f(r.p99Ms)} / ${f(r.cpuMsPerRequest, 3)}`);
        out.push(`- ${run.target} at ${p.connections}: ${each.join('; ')}`);
      }
    }
    out.push('');
  }
  return out;
}

function multiTenantSection(results: BenchResults): string[] {
  const multi = results.multiTenant;
  if (!multi) return [];
  return [
    '## Multi-tenant (issue 7.2)',
    '',
    `${multi.tenants} emulator tenants (admin API), one user each; one fresh service process with no default connection; read-user with body credentials (\`tenantId\`, \`clientId\`, \`clientSecret\`) at 64 connections. The round-robin run is twice as long and includes the first, cold pass (one token acquisition per tenant).`,
    '',
    '| run | req/s | p50 ms | p99 ms | CPU ms/req | failed |',
    '| --- | --- | --- | --- | --- | --- |',
    `| one tenant (body credentials) | ${f(multi.singleTenant.rps, 0)} | ${f(multi.singleTenant.p50Ms)} | ${f(multi.singleTenant.p99Ms)} | ${f(multi.singleTenant.cpuMsPerRequest, 3)} | ${multi.singleTenant.failed} |`,
    `| ${multi.tenants} tenants round-robin | ${f(multi.roundRobin.rps, 0)} | ${f(multi.roundRobin.p50Ms)} | ${f(multi.roundRobin.p99Ms)} | ${f(multi.roundRobin.cpuMsPerRequest, 3)} | ${multi.roundRobin.failed} |`,
    '',
    `- Token requests made by the service (emulator \`/_emulator/stats\`, after minus before): **${multi.tokenRequests}** for ${multi.tenants} tenants (${multi.tenantsAskedTwice} tenants asked more than once).`,
    `- Peak RSS of the service: **${f(multi.peakRssMB, 1)} MB**.`,
    `- Round-robin throughput / single-tenant throughput: **${f(multi.roundRobin.rps / multi.singleTenant.rps)}**.`,
    '',
  ];
}

function startupSection(results: BenchResults): string[] {
  if (results.startup.length === 0) return [];
  return [
    '## Start-up (issue 7.3)',
    '',
    'From spawn of `node dist/server.js` to the first 200 from `GET /readyz` (polled every 5 ms). Live: pointed at the emulator. Sandbox: no configuration, so the service starts its own emulator with the default seed (60 users).',
    '',
    '| mode | median ms to ready | median CPU ms used until ready | every run, ms |',
    '| --- | --- | --- | --- |',
    ...results.startup.map(
      (s) =>
        `| ${s.mode} | ${f(s.medianMs, 0)} | ${f(s.medianCpuMs, 0)} | ${s.runsMs.map((ms) => f(ms, 0)).join(', ')} |`,
    ),
    '',
  ];
}

/**
 * The delta section alone (BENCH_SECTIONS=delta), to put in place of the file's own: it says which
 * run, machine and targets it comes from, since the rest of the file is from another run.
 */
export function renderDeltaOnly(results: BenchResults, command: string): string {
  const m = results.machine;
  const [heading, ...rest] = deltaSection(results);
  const targets = checkTargets(results).filter((check) => check.target.includes('delta'));
  return [
    heading,
    '',
    `Run on its own by \`${command}\` on ${results.startedAt} (${f(results.totalSeconds, 0)} s): ${m.cpus} × ${m.cpuModel}, ${f(m.memoryGB, 1)} GB, Node.js ${m.node}, load average ${results.load.before.join(' ')} -> ${results.load.after.join(' ')} (other work shared the machine: wall times are noisy, hence the interleaved rounds).`,
    '',
    ...targets.map((c) => `- issue ${c.issue}, ${c.target}: ${c.met ? 'met' : '**not met**'} (${c.detail})`),
    ...rest,
  ].join('\n');
}

/** `current` with its delta section replaced by `section` (or `section` added before the profile). */
export function withDeltaSection(current: string, section: string): string {
  const begin = current.indexOf('## Delta sync');
  if (begin < 0) return `${current.trimEnd()}\n\n${section}\n`;
  const next = current.indexOf('\n## ', begin + 1);
  return `${current.slice(0, begin)}${section.trimEnd()}\n${next < 0 ? '' : current.slice(next)}`;
}

function deltaSection(results: BenchResults): string[] {
  const out = ['## Delta sync (issues 3.5 and 19.3)', ''];
  if (!Array.isArray(results.delta)) return [...out, `Skipped: ${results.delta.skipped}`, ''];
  const first = results.delta[0];
  const perCall = first?.maxPagesPerCall;
  out.push(
    `A full \`/users/delta\` walk (\`$select=displayName,mail\`, ${DELTA_PAGE_SIZE} users per page, the same pages both ways). **direct**: undici from the harness, following each nextLink until the deltaLink, parsing every page. **service**: \`query-user-changes\` with a \`syncKey\`, ${perCall === undefined ? 'the whole round in one call (no `maxPages`: the answer is streamed as the pages arrive)' : `\`maxPages: ${perCall}\` per call, repeated until the answer carries the deltaLink`}, the harness parsing the whole answer. One service process per tenant size (memory store); ${WARM_UP_WALKS} unmeasured walks each way to warm up (when there are several rounds), then direct and service walks interleaved round after round; the ratio is the median of the rounds' ratios (each pair ran under the same load).`,
    '',
    '| users | rounds | direct ms (median) | service ms (median) | wall ratio service / direct (median of the rounds) | service runs ms | direct runs ms | service CPU ms per walk (median) | calls | pages | items | answer MB | service RSS when ready MB | service peak RSS MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const d of results.delta) {
    out.push(
      `| ${d.users} | ${d.rounds} | ${f(d.direct.ms, 0)} | ${f(d.service.ms, 0)} | ${f(d.ratio)} | ${d.service.runsMs.map((ms) => f(ms, 0)).join(', ')} | ${d.direct.runsMs.map((ms) => f(ms, 0)).join(', ')} | ${f(d.service.cpuMs, 0)} | ${d.service.calls} | ${d.service.pages} | ${d.service.items} | ${f(d.service.bytes / 1e6, 1)} | ${f(d.service.readyRssMB, 1)} | ${f(d.service.peakRssMB, 1)} |`,
    );
  }
  for (const d of results.delta) {
    if (!d.profile) continue;
    const p = d.profile;
    out.push(
      '',
      `Where the service's CPU went in the ${d.users}-user walks (\`node --cpu-prof\`, BENCH_DELTA_CPU_PROF; samples of the ${p.walks} measured rounds only, per walk): ${f(p.busyMsPerWalk, 0)} ms busy. By origin: ${p.origins.map((o) => `${o.label} ${f(o.ms, 0)}`).join(', ')}. Top functions: ${p.functions.map((o) => `${o.label} ${f(o.ms, 1)}`).join('; ')}.`,
    );
  }
  const paused = results.delta.find((d) => d.pausedReader)?.pausedReader;
  if (paused) {
    out.push(
      '',
      `Paused reader (backpressure): a caller read the first ${f(paused.bytesRead / 1024, 0)} KB of a whole-round answer and stopped for ${paused.pauseMs} ms. Meanwhile the service asked Graph for ${paused.pagesFetchedWhilePaused} of the round's ${paused.totalPages} pages, and its RSS went ${f(paused.rssBeforeMB, 1)} -> ${f(paused.rssAfterPauseMB, 1)} MB.`,
    );
  }
  out.push(
    '',
    "Memory bound: the service holds the page being written and the one on its way (Graph's bytes, items never parsed), the socket's buffer and the stream's, whatever the size of the round; compare the rows.",
    '',
  );
  return out;
}

function profileSection(profile: ProfileResult): string[] {
  const out = [
    '## CPU profile',
    '',
    `\`node --cpu-prof\`, ${profile.workload} at ${profile.connections} connections; only samples taken during the measured ${'load'} count. Self time per request (microseconds), so the two targets compare directly.`,
    '',
  ];
  out.push(...differenceTables(profile));
  for (const p of profile.profiles) {
    const perRequest = (ms: number) => f((ms * 1000) / Math.max(1, p.requests), 1);
    out.push(
      `### ${p.target}: ${p.requests} requests, ${perRequest(p.summary.busyMs)} us busy CPU per request (main thread)`,
      '',
      '| where (self time) | us/request | share |',
      '| --- | --- | --- |',
      ...p.summary.origins
        .slice(0, 12)
        .map((o) => `| ${o.label} | ${perRequest(o.ms)} | ${f((100 * o.ms) / p.summary.busyMs, 1)}% |`),
      '',
      '| top functions (self time) | us/request | share |',
      '| --- | --- | --- |',
      ...p.summary.functions
        .slice(0, 20)
        .map(
          (fn) => `| \`${fn.label}\` | ${perRequest(fn.ms)} | ${f((100 * fn.ms) / p.summary.busyMs, 1)}% |`,
        ),
      '',
    );
  }
  return out;
}

/**
 * The service's self time per request minus the pass-through's, per origin and per function:
 * what the service does on top of the floor, largest first.
 */
function differenceTables(profile: ProfileResult): string[] {
  const service = profile.profiles.find((p) => p.target === 'service');
  const floor = profile.profiles.find((p) => p.target === 'pass-through');
  if (!service || !floor) return [];
  const table = (key: 'origins' | 'functions', heading: string, rows: number) => {
    const perRequest = (ms: number, requests: number) => (ms * 1000) / Math.max(1, requests);
    const floorUs = new Map(floor.summary[key].map((x) => [x.label, perRequest(x.ms, floor.requests)]));
    const diffs = service.summary[key]
      .map((x) => {
        const serviceUs = perRequest(x.ms, service.requests);
        const floorValue = floorUs.get(x.label) ?? 0;
        return { label: x.label, serviceUs, floorUs: floorValue, extra: serviceUs - floorValue };
      })
      .sort((a, b) => b.extra - a.extra)
      .slice(0, rows);
    return [
      `| ${heading} | service us/request | pass-through us/request | service extra |`,
      '| --- | --- | --- | --- |',
      ...diffs.map(
        (d) =>
          `| ${key === 'functions' ? `\`${d.label}\`` : d.label} | ${f(d.serviceUs, 1)} | ${f(d.floorUs, 1)} | ${f(d.extra, 1)} |`,
      ),
      '',
    ];
  };
  const busy = (p: typeof service) => (p.summary.busyMs * 1000) / Math.max(1, p.requests);
  return [
    `### What the service adds to the floor: ${f(busy(service) - busy(floor), 1)} us of busy CPU per request (${f(busy(service), 1)} vs ${f(busy(floor), 1)})`,
    '',
    table('origins', 'where (self time)', 15),
    table('functions', 'function (self time)', 20),
  ].flat();
}
