/**
 * npm run bench:replicas: two replicas of the service (each its own process, live mode) against
 * one emulator with its throttling model on, both hammering one tenant with read-user, in three
 * set-ups one after another:
 *   - shared: GRAPH_TENANT_BUDGET_PER_10S drawn from one Redis (STATE_STORE_URL=redis://...);
 *   - per replica: the same budget, each replica counting on its own (what a memory or SQLite
 *     store gives, and what replicas did before the budget was shared);
 *   - none: GRAPH_TENANT_BUDGET_PER_10S=0, only the per-replica concurrency bulkhead.
 * The emulator gives the app 2 resource units per budgeted request (read-user costs 2), so the
 * budget is exactly what Graph accepts. Measured: Graph requests the emulator received in any
 * 10 s, Graph's 429s (the replicas' graph_throttled_total), and what callers got. Writes the
 * figures into bench/RESULTS.md between its markers (replicas-budget-section.ts).
 * REPLICAS_BUDGET_SECONDS (30) per set-up, REPLICAS_BUDGET (200) requests per 10 s,
 * REPLICAS_BUDGET_CONNECTIONS (16) callers per replica, TEST_REDIS_URL (redis://127.0.0.1:6379).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_UPNS, type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { freePort } from '../bench/free-port.js';
import { liveModeEnv } from '../bench/live-mode-env.js';
import { loadAverage, machineInfo } from '../bench/machine-info.js';
import { waitUntilServing } from '../bench/wait-until-serving.js';
import { writeReplicasSection } from './replicas-budget-section.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RESULTS = resolve(root, 'bench/RESULTS.md');
const SECONDS = Number(process.env['REPLICAS_BUDGET_SECONDS'] ?? 30);
const BUDGET = Number(process.env['REPLICAS_BUDGET'] ?? 200);
const CONNECTIONS = Number(process.env['REPLICAS_BUDGET_CONNECTIONS'] ?? 16);
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const WINDOW_MS = 10_000;

type SetupName = 'shared' | 'per replica' | 'none';
interface Setup {
  name: SetupName;
  env: Record<string, string>;
}

const SETUPS: Setup[] = [
  { name: 'shared', env: { STATE_STORE_URL: REDIS_URL, GRAPH_TENANT_BUDGET_PER_10S: String(BUDGET) } },
  { name: 'per replica', env: { STATE_STORE_URL: 'memory:', GRAPH_TENANT_BUDGET_PER_10S: String(BUDGET) } },
  { name: 'none', env: { STATE_STORE_URL: 'memory:', GRAPH_TENANT_BUDGET_PER_10S: '0' } },
];

interface Outcome {
  setup: SetupName;
  graphRequests: number;
  maxIn10s: number;
  graph429: number;
  answers: Map<string, number>;
  /** Milliseconds each caller waited for its answer. */
  latencies: number[];
  seconds: number;
}

const client = new Agent({ connections: 2 * CONNECTIONS + 4 });
const started = new Date();
const outcomes: Outcome[] = [];
const loadBefore = loadAverage();
for (const setup of SETUPS) outcomes.push(await measure(setup));
await client.close();
writeReplicasSection(RESULTS, report(outcomes));
console.log(report(outcomes));

async function measure(setup: Setup): Promise<Outcome> {
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    seedUsers: 30,
    throttling: { enabled: true, windowMs: WINDOW_MS, resourceUnits: 2 * BUDGET },
  });
  await forgetSharedBudget(emulator);
  const ports = [await freePort(), await freePort()];
  const replicas = ports.map((port) => spawnReplica(port, emulator, setup.env));
  try {
    await Promise.all(ports.map((port, i) => waitUntilUp(port, replicas[i]!)));
    // When each Graph request reached the emulator (in this process, so on the script's clock).
    const arrivals: number[] = [];
    const record = emulator.state.recordGraphRequest.bind(emulator.state);
    emulator.state.recordGraphRequest = () => {
      arrivals.push(performance.now());
      record();
    };
    const begin = performance.now();
    const end = begin + SECONDS * 1000;
    const answers = new Map<string, number>();
    const latencies: number[] = [];
    const worker = async (port: number) => {
      while (performance.now() < end) {
        const sent = performance.now();
        const key = await readUser(port);
        latencies.push(performance.now() - sent);
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
    };
    await Promise.all(ports.flatMap((port) => Array.from({ length: CONNECTIONS }, () => worker(port))));
    const graph429 = (await Promise.all(ports.map(throttledCount))).reduce((a, b) => a + b, 0);
    return {
      setup: setup.name,
      graphRequests: arrivals.length,
      maxIn10s: mostInWindow(arrivals),
      graph429,
      answers,
      latencies,
      seconds: (performance.now() - begin) / 1000,
    };
  } finally {
    for (const replica of replicas) replica.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => new Promise((done) => replica.once('exit', done))));
    await emulator.close();
  }
}

/** The shared set-up keys its window by tenant and app, which are the same in every run: start empty. */
async function forgetSharedBudget(emulator: RunningEmulator): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await redis.del(`eum:graph-budget:${emulator.demo.tenantId}/${emulator.demo.clientId}`.toLowerCase());
  } finally {
    redis.disconnect();
  }
}

function spawnReplica(port: number, emulator: RunningEmulator, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', resolve(root, 'src/server.ts')], {
    cwd: root,
    env: {
      PATH: process.env['PATH'],
      HOST: '127.0.0.1',
      PORT: String(port),
      ...liveModeEnv(emulator.origin, emulator.demo),
      AUTH_DISABLED: 'true',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'fatal',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function waitUntilUp(port: number, replica: ChildProcess): Promise<void> {
  await waitUntilServing(`http://127.0.0.1:${port}/readyz`, replica, client, 'a replica');
}

/** One read-user call; its status, and the problem code when it failed. */
async function readUser(port: number): Promise<string> {
  const response = await request(`http://127.0.0.1:${port}/capabilities/read-user`, {
    method: 'POST',
    dispatcher: client,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: FIXTURE_UPNS.guest }),
  });
  if (response.statusCode === 200) {
    await response.body.dump();
    return '200';
  }
  const body = (await response.body.json().catch(() => ({}))) as { code?: string };
  return `${response.statusCode} ${body.code ?? ''}`.trim();
}

async function throttledCount(port: number): Promise<number> {
  const response = await request(`http://127.0.0.1:${port}/metrics`, { dispatcher: client });
  const text = await response.body.text();
  return Number(/^graph_throttled_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Most arrivals in any interval shorter than the window, wherever it starts. */
function mostInWindow(arrivals: number[]): number {
  let most = 0;
  let start = 0;
  for (let i = 0; i < arrivals.length; i++) {
    while (arrivals[i]! - arrivals[start]! >= WINDOW_MS) start += 1;
    most = Math.max(most, i - start + 1);
  }
  return most;
}

function report(results: Outcome[]): string {
  const machine = machineInfo();
  const rows = results.map((r) => {
    const answers = [...r.answers]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `${key}: ${count}`)
      .join('; ');
    const rate = ((r.graphRequests / r.seconds) * 10).toFixed(0);
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      ((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) / 1000).toFixed(1);
    return `| ${r.setup} | ${r.graphRequests} (${rate} per 10 s) | ${r.maxIn10s} | ${r.graph429} | ${answers} | ${at(0.5)} / ${at(0.99)} |`;
  });
  return [
    '## Replicas sharing one tenant budget (issue 19.4)',
    '',
    `Run ${started.toISOString()} with \`npm run bench:replicas\` (scripts/replicas-budget.ts); ${SECONDS} s per set-up.`,
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGB.toFixed(1)} GB, Node.js ${machine.node}, ${machine.kernel}; load average ${loadBefore.join(' ')} -> ${loadAverage().join(' ')}.`,
    '',
    `Two replicas (\`node --import tsx src/server.ts\`, live mode, ${CONNECTIONS} callers each sending read-user back to back) against one emulator whose throttling model gives the app ${2 * BUDGET} resource units per 10 s; read-user costs 2, so Graph accepts ${BUDGET} of them per 10 s. GRAPH_TENANT_BUDGET_PER_10S=${BUDGET}: **shared** draws it from one Redis, **per replica** counts it in each process (memory store), **none** turns it off (only GRAPH_TENANT_CONCURRENCY per replica). Graph requests: what the emulator received, retries included; most in any 10 s: over every interval of 10 s wherever it starts, by the emulator's arrival times; Graph 429s: the replicas' \`graph_throttled_total\`.${allAnswered(results) ? ' Callers got 200 in every set-up (a 429 from Graph is retried after its Retry-After): what sharing changes is what Graph sees.' : ''}`,
    '',
    '| set-up | Graph requests | most in any 10 s | Graph 429s | answers to callers | caller wait p50 / p99 s |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function allAnswered(results: Outcome[]): boolean {
  return results.every((r) => [...r.answers.keys()].every((key) => key === '200'));
}
