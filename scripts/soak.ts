/**
 * npm run soak: 10,000 mixed capability calls through the service (its own process, live mode)
 * against the emulator (in this process) with throttling and outage faults armed, then the
 * "Soak" section of bench/RESULTS.md. Loopback only; bounded by SOAK_CALLS (10000) and
 * SOAK_MAX_SECONDS (600); SOAK_CONCURRENCY (32) calls at a time. Exits 1 when a call failed
 * without a documented problem, a create or a change of a group's owners or members was duplicated
 * (or reported done and not made), or a retry came before Retry-After.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type FaultRuleInput, FIXTURE_IDS, startEmulator } from '@entra-user-management/graph-emulator';
import { Agent, request } from 'undici';
import { freePort } from '../bench/free-port.js';
import { liveModeEnv } from '../bench/live-mode-env.js';
import { waitUntilServing } from '../bench/wait-until-serving.js';
import {
  type GroupChangeFigures,
  type MemoryFigures,
  renderSoak,
  type SoakResult,
  writeSoakSection,
} from './soak-report.js';
import { type GroupChange, type SoakCall, type SoakTargets, soakCall } from './soak-workload.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CALLS = Number(process.env['SOAK_CALLS'] ?? 10_000);
const MAX_SECONDS = Number(process.env['SOAK_MAX_SECONDS'] ?? 600);
const CONCURRENCY = Number(process.env['SOAK_CONCURRENCY'] ?? 32);
const API_KEY = `soak-${randomBytes(16).toString('hex')}`;
/** Problems a call may end with under this fault profile (see the error catalogue / README error table). */
const DOCUMENTED: Record<string, number> = {
  GRAPH_THROTTLED: 429,
  GRAPH_UNAVAILABLE: 503,
  GRAPH_UNREACHABLE: 502,
  GRAPH_TIMEOUT: 504,
  TENANT_QUEUE_FULL: 503,
};
const PROFILE: FaultRuleInput[] = [
  { path: '/', status: 429, retryAfter: 0.2, ratio: 0.21, seed: 11 },
  { path: '/', status: 503, retryAfter: 0.1, ratio: 0.065, seed: 12 },
  // Creates only (getMemberGroups is a POST too): the connection drops after the user exists.
  { method: 'POST', pathRegex: '^/users$', drop: 'after', every: 97 },
  // Owner and member changes: the answer is lost after the change was made.
  { method: 'POST', pathRegex: '/(owners|members)/\\$ref$', drop: 'after', every: 13 },
  { method: 'DELETE', pathRegex: '/(owners|members)/[^/]+/\\$ref$', drop: 'after', every: 13 },
];

const emulator = await startEmulator({ host: '127.0.0.1', port: 0, seedUsers: 300 });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const service = spawnService(port, emulator.origin, emulator.demo);
const client = new Agent({ connections: CONCURRENCY + 4 });
const runId = randomBytes(3).toString('hex');
try {
  await waitUntilUp();
  const listed = (await call('query-users', { userQuery: '$select=id,userPrincipalName&$top=200' })).body
    .output.rawResponse.value as Array<{ id: string; userPrincipalName: string }>;
  // The dollar fixture has no manager and is nobody's report: every set-user-manager assigns it.
  const managerId = FIXTURE_IDS.dollar;
  const users = listed.filter((user) => user.id !== managerId);
  const targets: SoakTargets = { users, domain: emulator.demo.domain, runId, managerId };
  prepareChangeGroups(targets);
  const memoryStart = await serviceMemory();
  emulator.state.faults.arm(PROFILE);
  const graphBefore = emulator.state.graphRequests;
  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  const outcomes: Array<{
    capability: string;
    status: number;
    code?: string;
    createdUpn?: string;
    recovered?: boolean;
    changed?: boolean;
    groupChange?: SoakCall['groupChange'];
  }> = [];
  let next = 0;
  const worker = async () => {
    while (next < CALLS && performance.now() < deadline) {
      const n = next++;
      const planned = soakCall(n, targets);
      const result = await call(planned.capability, planned.body).catch((error: Error) => ({
        status: 0,
        body: { code: `NO_ANSWER (${error.message})` },
      }));
      outcomes.push({
        capability: planned.capability,
        status: result.status,
        code: result.body?.code,
        createdUpn: planned.createdUpn,
        recovered: result.body?.output?.recovered === true,
        changed: result.body?.output?.changed,
        groupChange: planned.groupChange,
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const durationS = (performance.now() - started) / 1000;
  const faultReport = emulator.state.faults.list();
  const retryTiming = emulator.state.retryTiming.report();
  emulator.state.faults.clear();
  const graphRequests = emulator.state.graphRequests - graphBefore;
  await delay(1000); // let the service settle before reading its memory
  const memoryEnd = await serviceMemory();

  const result = summarise();
  function summarise(): SoakResult {
    const failuresByCode: Record<string, number> = {};
    const byCapability: Record<string, Record<string, number>> = {};
    const unexpected: string[] = [];
    for (const o of outcomes) {
      const statuses = byCapability[o.capability] ?? {};
      byCapability[o.capability] = statuses;
      statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      if (o.status === 200) continue;
      const code = o.code ?? 'NO_CODE';
      failuresByCode[`${code} (${o.status})`] = (failuresByCode[`${code} (${o.status})`] ?? 0) + 1;
      if (DOCUMENTED[code] !== o.status) unexpected.push(`${o.capability}: ${o.status} ${code}`);
    }
    const creates = outcomes.filter((o) => o.createdUpn !== undefined);
    const succeeded = creates.filter((o) => o.status === 200).length;
    const recovered = creates.filter((o) => o.recovered).length;
    const ambiguousCreates = creates.filter((o) => o.code === 'GRAPH_UNREACHABLE');
    const ambiguous = ambiguousCreates.length;
    // A create reported unreachable although the user exists: an outcome the service could have learned.
    const unlearned = ambiguousCreates.filter((o) =>
      emulator.state.getUser(emulator.demo.tenantId, o.createdUpn!),
    ).length;
    const conflicts = creates.filter((o) => o.code === 'USER_ALREADY_EXISTS').length;
    const usersInEmulator = creates.filter((o) =>
      emulator.state.getUser(emulator.demo.tenantId, o.createdUpn!),
    ).length;
    const duplicates = conflicts + Math.max(0, usersInEmulator - succeeded - ambiguous);
    const ownership = groupChangeFigures('owners');
    const membership = groupChangeFigures('members');
    const verdict = [
      unexpected.length === 0
        ? 'PASS: every call succeeded or failed with a documented problem'
        : `FAIL: ${unexpected.length} undocumented failures`,
      duplicates === 0 ? 'PASS: zero duplicated creates' : `FAIL: ${duplicates} duplicated creates`,
      unlearned === 0
        ? `PASS: zero creates reported unreachable whose user exists (${recovered} recovered by a UPN lookup)`
        : `FAIL: ${unlearned} creates reported unreachable although the user exists`,
      ownership.duplicated + ownership.mismatched === 0
        ? 'PASS: zero duplicated or lost owner changes'
        : `FAIL: ${ownership.duplicated} duplicated and ${ownership.mismatched} lost owner changes`,
      membership.duplicated + membership.mismatched === 0
        ? 'PASS: zero duplicated or lost member changes'
        : `FAIL: ${membership.duplicated} duplicated and ${membership.mismatched} lost member changes`,
      retryTiming.early === 0
        ? 'PASS: zero retries before Retry-After'
        : `FAIL: ${retryTiming.early} retries before Retry-After`,
      outcomes.length === CALLS
        ? `PASS: all ${CALLS} calls made`
        : `NOTE: stopped at the time bound after ${outcomes.length} calls`,
    ];
    return {
      startedAt: new Date().toISOString(),
      durationS,
      planned: CALLS,
      sent: outcomes.length,
      concurrency: CONCURRENCY,
      profile: PROFILE.map((rule) => JSON.stringify(rule)),
      succeeded: outcomes.filter((o) => o.status === 200).length,
      failuresByCode,
      unexpected,
      byCapability,
      graphRequests,
      faultHits: faultReport.map((rule) => ({
        rule: `#${rule.id} ${rule.status ?? `drop ${rule.drop}`} ${rule.method ?? 'any'} ${rule.path ?? rule.pathRegex}`,
        hits: rule.hits,
        share: `${((rule.hits / Math.max(1, graphRequests)) * 100).toFixed(1)} %`,
      })),
      creates: { succeeded, recovered, ambiguous, unlearned, usersInEmulator, duplicates },
      ownership,
      membership,
      retryTiming,
      memory: { start: memoryStart, end: memoryEnd },
      verdict,
    };
  }
  /**
   * Each owner or member change has a group of its own, so exactly one change is right: a refusal
   * that says it was already done (ALREADY_…, NOT_…, changed: false) means a retry repeated it; a
   * success the directory does not show means it was lost.
   */
  function groupChangeFigures(relation: GroupChange['relation']): GroupChangeFigures {
    const tenant = emulator.state.resolveTenant(emulator.demo.tenantId)!;
    const repeated =
      relation === 'owners' ? ['ALREADY_AN_OWNER', 'NOT_AN_OWNER'] : ['ALREADY_A_MEMBER', 'NOT_A_MEMBER'];
    const figures = { changes: 0, ambiguous: 0, duplicated: 0, mismatched: 0 };
    for (const o of outcomes) {
      if (o.groupChange?.relation !== relation) continue;
      figures.changes += 1;
      const group = tenant.groups.find(o.groupChange.groupId)!;
      const holds =
        relation === 'owners'
          ? tenant.groups.isOwner(group, o.groupChange.userId)
          : tenant.groups.isMember(group, o.groupChange.userId);
      const wanted = o.groupChange.kind === 'add';
      if (repeated.includes(o.code ?? '') || o.changed === false) {
        figures.duplicated += 1;
      } else if (o.status === 200 && holds !== wanted) {
        figures.mismatched += 1;
      } else if (o.code === 'GRAPH_UNREACHABLE') {
        figures.ambiguous += 1;
      }
    }
    return figures;
  }
  writeSoakSection(resolve(root, 'bench/RESULTS.md'), renderSoak(result));
  process.stdout.write(`${renderSoak(result)}\n\nWritten to bench/RESULTS.md\n`);
  process.exitCode = result.verdict.some((line) => line.startsWith('FAIL')) ? 1 : 0;
} finally {
  service.kill('SIGTERM');
  await new Promise((done) => service.once('exit', done));
  await client.close();
  await emulator.close();
}

/** The groups the owner and member changes act on, made in the emulator before the run (no Graph call). */
function prepareChangeGroups(targets: SoakTargets): void {
  const tenant = emulator.state.resolveTenant(emulator.demo.tenantId)!;
  for (let n = 0; n < CALLS; n += 1) {
    const change = soakCall(n, targets).groupChange;
    if (!change) continue;
    const group = tenant.groups.create({
      id: change.groupId,
      displayName: `Soak ${change.relation} ${n}`,
      mailNickname: `soak-${change.relation}-${n}`,
      description: null,
      createdDateTime: new Date().toISOString(),
      groupTypes: [],
      securityEnabled: true,
      mailEnabled: false,
      mail: null,
      proxyAddresses: [],
      visibility: null,
    });
    if (change.kind === 'add') continue;
    if (change.relation === 'members') {
      tenant.groups.addMember(group, change.userId);
    } else {
      tenant.groups.addOwner(group, change.userId);
      tenant.groups.addOwner(group, targets.managerId);
    }
  }
}

function spawnService(
  listenPort: number,
  origin: string,
  demo: { tenantId: string; clientId: string; clientSecret: string },
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'src/server.ts')], {
    cwd: root,
    env: {
      PATH: process.env['PATH'],
      HOST: '127.0.0.1',
      PORT: String(listenPort),
      ...liveModeEnv(origin, demo),
      API_KEYS: API_KEY,
      STATE_STORE_URL: 'memory:',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'fatal', // 5xx problems log at error with stacks; thousands are expected here
      GRAPH_TENANT_CONCURRENCY: '16',
      // What the soak measures is the retries under scripted 429s, at its own pace, not the budget.
      GRAPH_TENANT_BUDGET_PER_10S: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function waitUntilUp(): Promise<void> {
  await waitUntilServing(`${base}/healthz`, service, client);
}

// biome-ignore lint/suspicious/noExplicitAny: the soak reads problem and output bodies ad hoc
async function call(capability: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await request(`${base}/capabilities/${capability}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
    dispatcher: client,
  });
  return { status: response.statusCode, body: await response.body.json() };
}

async function serviceMemory(): Promise<MemoryFigures> {
  const response = await request(`${base}/metrics`, {
    headers: { authorization: `Bearer ${API_KEY}` },
    dispatcher: client,
  });
  const text = await response.body.text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return {
    rssMiB: mib(value('process_resident_memory_bytes')),
    heapUsedMiB: mib(value('nodejs_heap_size_used_bytes')),
  };
}
