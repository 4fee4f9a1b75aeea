/**
 * The three processes under test and how each is started: the service from dist/ in live mode,
 * its stdout read by a log reader as a container runtime would, and the compiled pass-through and
 * SDK servers. All get the same connection (env names shared)
 * and listen on a free loopback port; "up" means GET /readyz answered 200.
 */
import { join } from 'node:path';
import { request } from 'undici';
import { type Spawned, spawnNode } from './child-processes.js';
import type { BenchTenant } from './emulator-client.js';
import { freePort } from './free-port.js';
import { connectionEnv, liveModeEnv } from './live-mode-env.js';
import { type LogReader, startLogReader } from './log-reader.js';
import { cpuSeconds } from './proc-stats.js';

export type TargetName = 'service' | 'pass-through' | 'sdk';
export const TARGET_NAMES: readonly TargetName[] = ['service', 'pass-through', 'sdk'];

export interface TargetPlan {
  name: TargetName;
  args: string[];
  env: Record<string, string>;
}

export interface Paths {
  repoRoot: string;
  /** Where compile-targets.ts put the comparison servers. */
  compiledDir: string;
}

/** The service in live mode against the emulator, as the brief and README describe it. */
export function serviceEnv(origin: string, tenant: BenchTenant | undefined): Record<string, string> {
  return {
    ...liveModeEnv(origin, tenant),
    AUTH_DISABLED: 'true',
    STATE_STORE_URL: 'memory:',
    // LOG_LEVEL is left at its default (info, one access line per request): the service is
    // measured as shipped, its stdout read by a log reader (log-reader.ts).
    // The per-caller limit's default (60,000 a minute) sits under what the load generator sends
    // on loopback and would turn a load test into a 429 test. Its maximum rather than 0, so the
    // limiter is on and its own cost is measured.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The emulator's throttling is off here, so the Graph budget (1,750 per 10 s by default, what
    // a small tenant accepts) would cap the load; at its maximum it stays on and its cost is measured.
    // npm run bench:replicas measures the budget itself.
    GRAPH_TENANT_BUDGET_PER_10S: '1000000',
    ...extraServiceEnv(),
  };
}

/** BENCH_SERVICE_ENV="NAME=value,NAME=value": try a setting (e.g. GRAPH_TENANT_CONCURRENCY) on every service run. */
function extraServiceEnv(): Record<string, string> {
  const pairs = (process.env['BENCH_SERVICE_ENV'] ?? '').split(',').filter((pair) => pair.includes('='));
  return Object.fromEntries(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
  );
}

export function targetPlan(name: TargetName, paths: Paths, origin: string, tenant: BenchTenant): TargetPlan {
  if (name === 'service') {
    return { name, args: [join(paths.repoRoot, 'dist/server.js')], env: serviceEnv(origin, tenant) };
  }
  const file = name === 'pass-through' ? 'passthrough-server.js' : 'sdk-server.js';
  return {
    name,
    args: [join(paths.compiledDir, file)],
    env: { GRAPH_BASE_URL: origin, ...connectionEnv(tenant) },
  };
}

export interface RunningTarget {
  name: TargetName;
  url: string;
  pid: number;
  process: Spawned;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  /** CPU milliseconds the process had used by then (less sensitive to a busy machine). */
  readyCpuMs: number;
  /** The service's: what it wrote to stdout, known once it has stopped. */
  logs?: LogReader;
}

export async function startTarget(
  plan: TargetPlan,
  cwd: string,
  extraArgs: string[] = [],
): Promise<RunningTarget> {
  const port = await freePort();
  const logs = plan.name === 'service' ? startLogReader(cwd) : undefined;
  const started = performance.now();
  const spawned = spawnNode(
    [...extraArgs, ...plan.args],
    { ...plan.env, HOST: '127.0.0.1', PORT: String(port) },
    cwd,
    logs ? { stdout: logs.input } : {},
  );
  logs?.release();
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, spawned, 30_000);
  const readyMs = performance.now() - started;
  const readyCpuMs = cpuSeconds(spawned.pid) * 1000;
  return {
    name: plan.name,
    url,
    pid: spawned.pid,
    process: spawned,
    readyMs,
    readyCpuMs,
    ...(logs ? { logs } : {}),
  };
}

/** Polls /readyz every 5 ms (connection refused until the process listens). */
async function waitReady(url: string, spawned: Spawned, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (spawned.child.exitCode !== null)
      throw new Error(`target exited (${spawned.child.exitCode}):\n${spawned.output()}`);
    try {
      const res = await request(`${url}/readyz`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url}/readyz not 200 within ${timeoutMs} ms:\n${spawned.output()}`);
}
