/**
 * npm run soak:offboard: offboards SOAK_PEOPLE (10000) seeded users through
 * POST /workflows/offboard-user on the service (its own process, live mode) against the emulator
 * (in this process) with about 20% of Graph calls answered 429. Graph calls pass through a
 * counting proxy here, which records every write Graph accepted (2xx) by method and path; a path
 * written twice is a step whose effect was applied twice. Prints the figures as a Markdown
 * section; exits 1 when a run ended outside `done` / `failed` with a documented code, or an
 * effect was applied twice. SOAK_CONCURRENCY (16) runs at a time, SOAK_MAX_SECONDS (900).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@entra-user-management/graph-emulator';
import { Agent, request } from 'undici';
import { freePort } from '../bench/free-port.js';
import { liveModeEnv } from '../bench/live-mode-env.js';
import { waitUntilServing } from '../bench/wait-until-serving.js';
import { ERROR_CATALOGUE } from '../src/errors/error-catalogue.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PEOPLE = Number(process.env['SOAK_PEOPLE'] ?? 10_000);
const CONCURRENCY = Number(process.env['SOAK_CONCURRENCY'] ?? 16);
const MAX_SECONDS = Number(process.env['SOAK_MAX_SECONDS'] ?? 900);
const API_KEY = `soak-${randomBytes(16).toString('hex')}`;
const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Graph's read-only POSTs: not effects. */
const READ_ONLY_POST = /\/(getMemberGroups|checkMemberGroups|getMemberObjects|getByIds)$/;

const emulator = await startEmulator({ host: '127.0.0.1', port: 0, seedUsers: PEOPLE + 10 });
const writes = new Map<string, number>();
const proxy = await startCountingProxy(emulator.origin);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const client = new Agent({ connections: CONCURRENCY + 4 });
const service = spawnService(port, proxy.origin, emulator.origin, emulator.demo);
let exitCode = 0;
try {
  await waitUntilUp();
  const tenant = emulator.state.resolveTenant(emulator.demo.tenantId)!;
  const people = [...tenant.activeUsersAfter(0)]
    .map((user) => String(user.props['userPrincipalName']))
    .filter((upn) => upn.includes('@'))
    .slice(0, PEOPLE);
  emulator.state.faults.arm([{ path: '/', status: 429, retryAfter: 0.2, ratio: 0.2, seed: 15 }]);
  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  const outcomes: Array<{ status: number; runStatus?: string; code?: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < people.length && performance.now() < deadline) {
      const upn = people[next++]!;
      const answer = await offboard(upn).catch((error: Error) => ({
        status: 0,
        body: { code: `NO_ANSWER (${error.message})` },
      }));
      const run = answer.body?.run;
      const failed = run?.steps?.find((step: { status: string }) => step.status === 'failed');
      outcomes.push({
        status: answer.status,
        runStatus: run?.status,
        code: failed?.problem?.code ?? answer.body?.code,
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const faults = emulator.state.faults.list();
  emulator.state.faults.clear();

  const done = outcomes.filter((o) => o.runStatus === 'done').length;
  const failedByCode: Record<string, number> = {};
  const undocumented: string[] = [];
  for (const o of outcomes) {
    if (o.runStatus === 'done') continue;
    const code = o.code ?? 'NO_CODE';
    const key = `${code} (${o.status}${o.runStatus ? `, run ${o.runStatus}` : ''})`;
    failedByCode[key] = (failedByCode[key] ?? 0) + 1;
    const documented = o.runStatus === 'failed' || (o.status >= 400 && o.status < 600);
    if (!(code in ERROR_CATALOGUE) || !documented) undocumented.push(key);
  }
  const byKind: Record<string, number> = {};
  const twice: string[] = [];
  for (const [key, count] of writes) {
    const kind = key.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|[^/\s]+@[^/\s]+/gi, '{id}');
    byKind[kind] = (byKind[kind] ?? 0) + count;
    if (count > 1) twice.push(`${key} x${count}`);
  }
  const throttled = faults.reduce((total, rule) => total + rule.matched, 0);
  const lines = [
    `## Soak: offboarding (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Command: \`SOAK_PEOPLE=${PEOPLE} SOAK_CONCURRENCY=${CONCURRENCY} npm run soak:offboard\`; service in its own process (memory state store), emulator with 429 on 20% of Graph calls (Retry-After 0.2 s).`,
    '',
    '| Figure | Value |',
    '|---|---|',
    `| Offboarding runs asked | ${outcomes.length} of ${people.length} (${seconds.toFixed(1)} s, ${(outcomes.length / seconds).toFixed(1)} runs/s) |`,
    `| Runs done | ${done} |`,
    `| Runs not done, by code | ${
      Object.entries(failedByCode)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ') || 'none'
    } |`,
    `| Not done without a documented code | ${undocumented.length} |`,
    `| Graph calls answered 429 by the fault rule | ${throttled} |`,
    `| Writes Graph accepted, by kind | ${Object.entries(byKind)
      .map(([k, v]) => `\`${k}\`: ${v}`)
      .join('; ')} |`,
    `| Effects applied twice (a write accepted twice on the same path) | ${twice.length} |`,
    '',
  ];
  console.log(lines.join('\n'));
  if (twice.length) console.error(`applied twice:\n${twice.slice(0, 20).join('\n')}`);
  if (undocumented.length || twice.length || outcomes.length < people.length) exitCode = 1;
} finally {
  service.kill('SIGTERM');
  await new Promise((done) => service.once('exit', done));
  await client.close();
  await proxy.close();
  await emulator.close();
}
process.exit(exitCode);

/** Forwards to the emulator and counts the writes it accepted, by method and path. */
async function startCountingProxy(target: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const upstream = new Agent({ connections: 64 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The token's audience is the proxy's origin (the service's GRAPH_BASE_URL): the emulator
      // accepts it when the Host it sees is that origin's, so the Host is passed on unchanged.
      const headers = { ...req.headers };
      delete headers.connection;
      request(`${target}${req.url}`, {
        method: req.method as 'GET',
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
        dispatcher: upstream,
      })
        .then(async (answer) => {
          const body = Buffer.from(await answer.body.arrayBuffer());
          const path = (req.url ?? '').split('?')[0]!;
          if (
            WRITES.has(req.method ?? '') &&
            answer.statusCode < 300 &&
            !(req.method === 'POST' && READ_ONLY_POST.test(path))
          ) {
            const key = `${req.method} ${decodeURIComponent(path)}`;
            writes.set(key, (writes.get(key) ?? 0) + 1);
          }
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && !['transfer-encoding', 'connection', 'content-length'].includes(name))
              out[name] = value;
          }
          res.writeHead(answer.statusCode, out).end(body);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await upstream.close();
    },
  };
}

function spawnService(
  listenPort: number,
  graphOrigin: string,
  authorityOrigin: string,
  demo: { tenantId: string; clientId: string; clientSecret: string },
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', resolve(root, 'src/server.ts')], {
    cwd: root,
    env: {
      PATH: process.env['PATH'],
      HOST: '127.0.0.1',
      PORT: String(listenPort),
      ...liveModeEnv(graphOrigin, demo, authorityOrigin),
      API_KEYS: API_KEY,
      STATE_STORE_URL: 'memory:',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'fatal',
      GRAPH_TENANT_CONCURRENCY: '16',
      // What the soak measures is the retries under scripted 429s, at its own pace, not the budget.
      GRAPH_TENANT_BUDGET_PER_10S: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function waitUntilUp(): Promise<void> {
  await waitUntilServing(`${base}/healthz`, service, client);
}

// biome-ignore lint/suspicious/noExplicitAny: the soak reads run and problem bodies ad hoc
async function offboard(userId: string): Promise<{ status: number; body: any }> {
  const response = await request(`${base}/workflows/offboard-user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ userId }),
    dispatcher: client,
  });
  return { status: response.statusCode, body: await response.body.json() };
}
