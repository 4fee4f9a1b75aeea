/**
 * One measured point: autocannon at a fixed connection count for a fixed time against one target,
 * with the CPU each process spent meanwhile. Latencies are taken from autocannon's per-response
 * event (float ms) rather than its histogram, which stores whole milliseconds: too coarse to check
 * "p99 within 2 ms".
 */
import autocannon from 'autocannon';
import { cpuSeconds } from './proc-stats.js';
import type { Workload } from './workloads.js';

export interface PointResult {
  connections: number;
  seconds: number;
  /** 2xx responses. */
  ok: number;
  /** Everything else: non-2xx answers, socket errors, timeouts. */
  failed: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the target process per 2xx response. */
  cpuMsPerRequest: number;
  /** CPU time of the emulator (the upstream) per 2xx response, for context. */
  upstreamCpuMsPerRequest: number;
  /** Share of the 2 cores the target, upstream and load generator used (1 = one core). */
  coresUsed: { target: number; upstream: number; loader: number };
  /** A point made of several interleaved rounds (medianPoint): each round's own figures. */
  rounds?: Array<{ rps: number; p99Ms: number; cpuMsPerRequest: number }>;
}

export interface PointOptions {
  url: string;
  workload: Workload;
  connections: number;
  seconds: number;
  targetPid: number;
  upstreamPid: number;
}

export async function runPoint(options: PointOptions): Promise<PointResult> {
  const latencies: number[] = [];
  const { workload } = options;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: workload.path,
        headers: { 'content-type': 'application/json' },
        body: workload.nextBody(),
        // Called before every request: each one gets its own body (unique UPNs, rotating users).
        setupRequest: (request) => ({ ...request, body: workload.nextBody() }),
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });

  const targetBefore = cpuSeconds(options.targetPid);
  const upstreamBefore = cpuSeconds(options.upstreamPid);
  const loaderBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await instance;
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const targetCpu = cpuSeconds(options.targetPid) - targetBefore;
  const upstreamCpu = cpuSeconds(options.upstreamPid) - upstreamBefore;
  const loader = process.cpuUsage(loaderBefore);
  const loaderCpu = (loader.user + loader.system) / 1e6;

  latencies.sort((a, b) => a - b);
  const ok = latencies.length;
  return {
    connections: options.connections,
    seconds: result.duration,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    rps: ok / result.duration,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cpuMsPerRequest: ok > 0 ? (targetCpu * 1000) / ok : Number.NaN,
    upstreamCpuMsPerRequest: ok > 0 ? (upstreamCpu * 1000) / ok : Number.NaN,
    coresUsed: {
      target: targetCpu / wallSeconds,
      upstream: upstreamCpu / wallSeconds,
      loader: loaderCpu / wallSeconds,
    },
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}
