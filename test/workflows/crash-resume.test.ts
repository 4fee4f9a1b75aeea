import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DEMO_GROUP_IDS, type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveModeEnv } from '../../bench/live-mode-env.js';
import { TEST_REDIS_URL } from '../helpers/redis-test-server.js';
import { type ServerProcess, spawnServer } from '../helpers/server-process.js';
import { directMemberIds } from './workflow-helpers.js';

let emulator: RunningEmulator;
let folder: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seedUsers: 5 });
  folder = await mkdtemp(join(tmpdir(), 'workflow-crash-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(folder, { recursive: true, force: true });
});

/** The real service in its own process, in live mode against the emulator this test holds. */
function startService(stateStoreUrl: string): ServerProcess {
  return spawnServer({
    PORT: '0',
    ...liveModeEnv(emulator.origin, emulator.demo),
    STATE_STORE_URL: stateStoreUrl,
    // The run's lease is REQUEST_TIMEOUT_MS + 5 s: the resume waits that long after the kill.
    REQUEST_TIMEOUT_MS: '3000',
    AUTH_DISABLED: 'true',
  });
}

async function http(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await request(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies ad hoc
  const parsed: any = await response.body.json();
  return { status: response.statusCode, headers: response.headers, body: parsed };
}

/** Counts the writes Graph receives on a path from now on (a no-op fault rule counts its matches). */
function countRequests(method: string, pathRegex: string): () => number {
  const [rule] = emulator.state.faults.arm([{ method, pathRegex, latencyMs: 0 }]);
  return () => emulator.state.faults.list().find((r) => r.id === rule!.id)?.matched ?? 0;
}

/**
 * How the caller finishes the crashed run: `resume` names the run; `repeat` sends the first
 * request again with its Idempotency-Key, as a client that never got an answer does.
 */
type Finish = 'resume' | 'repeat';

async function crashAndResume(stateStoreUrl: string, finish: Finish = 'resume'): Promise<void> {
  const nickname = `crash.${randomUUID().slice(0, 8)}`;
  const upn = `${nickname}@contoso.onmicrosoft.com`;
  const slowGroup = DEMO_GROUP_IDS.engineering;
  emulator.state.faults.clear();
  // The fourth step's write is held long enough to kill the process while it waits.
  emulator.state.faults.arm([
    { method: 'POST', pathRegex: `^/groups/${slowGroup}/members/\\$ref$`, latencyMs: 2000, count: 1 },
  ]);

  const first = startService(stateStoreUrl);
  let second: ServerProcess | undefined;
  try {
    const address = await first.address;
    const onboard = {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Crash Test',
      createUserMailNickname: nickname,
      createUserPrincipalName: upn,
      createUserPassword: 'Crash-Test-5-Battery',
      employeeId: 'E-CRASH',
      managerId: "o'brien@contoso.onmicrosoft.com",
      groupIds: [DEMO_GROUP_IDS.projectFalcon, slowGroup],
    };
    const keyed = { 'idempotency-key': `crash-${nickname}` };
    const started = http(address, 'POST', '/workflows/onboard-user', onboard, keyed);
    started.catch(() => {}); // its connection dies with the process
    while ((emulator.state.faults.list()[0]?.hits ?? 0) < 1) await delay(20);
    first.child.kill('SIGKILL');
    await first.exit;

    const createdId = String(emulator.state.getUser(emulator.demo.tenantId, upn)?.['id']);
    // From here on, any repeat of the steps done before the kill would show in these counters.
    const creates = countRequests('POST', '^/users$');
    const managerSets = countRequests('PUT', '/manager/\\$ref$');
    const firstGroupAdds = countRequests('POST', `^/groups/${DEMO_GROUP_IDS.projectFalcon}/members/\\$ref$`);

    second = startService(stateStoreUrl);
    const address2 = await second.address;
    const listed = await http(address2, 'GET', `/workflows/runs?userId=${encodeURIComponent(upn)}`);
    expect(listed.status).toBe(200);
    expect(listed.body.runs).toHaveLength(1);
    const crashed = listed.body.runs[0];
    expect(crashed.status).toBe('running');
    expect(crashed.steps.map((s: { status: string }) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'running',
    ]);

    let resumed: Awaited<ReturnType<typeof http>>;
    for (;;) {
      resumed =
        finish === 'resume'
          ? await http(address2, 'POST', `/workflows/runs/${crashed.runId}/resume`, {})
          : await http(address2, 'POST', '/workflows/onboard-user', onboard, keyed);
      if (resumed.status !== 409) break;
      expect(resumed.body.code).toBe('WORKFLOW_RUN_IN_PROGRESS');
      await delay(500);
    }
    expect(resumed.status).toBe(200);
    const run = resumed.body.run;
    expect(run.runId).toBe(crashed.runId);
    if (finish === 'repeat') expect(resumed.headers['idempotent-replayed']).toBe('true');
    expect(run.status).toBe('done');
    expect(run.steps.map((s: { attempts: number }) => s.attempts)).toEqual([1, 1, 1, 2]);
    expect(creates()).toBe(0);
    expect(managerSets()).toBe(0);
    expect(firstGroupAdds()).toBe(0);
    // A member of both groups, once (the step interrupted mid-call found its change made, or made it).
    expect(
      directMemberIds(emulator, DEMO_GROUP_IDS.projectFalcon).filter((id) => id === createdId),
    ).toHaveLength(1);
    expect(directMemberIds(emulator, slowGroup)).toContain(createdId);
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    emulator.state.faults.clear();
  }
}

describe('a workflow run survives kill -9 and resumes without repeating a done step', () => {
  it('on SQLite', () => crashAndResume(`sqlite:${join(folder, 'state.db')}`), 60_000);
  it('on Redis', () => crashAndResume(TEST_REDIS_URL), 60_000);
  it(
    'when the caller repeats its request with the same Idempotency-Key',
    () => crashAndResume(`sqlite:${join(folder, 'repeat.db')}`, 'repeat'),
    60_000,
  );
});
