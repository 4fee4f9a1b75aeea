/**
 * The kill sweep behind `npm run kill-sweep` and test/resilience/delta-kill.test.ts: the service
 * in its own process on a real store (SQLite file or Redis), the emulator in this process, and
 * Query User Changes in the default mode (syncKey, commit true) killed with SIGKILL at instants
 * spread over the call. After every kill the service starts again on the same store and the sync
 * goes on from its cursor; at the end it is drained. Every user the emulator created must have
 * been in an answer the caller received in full: a cursor committed past a batch nobody received
 * shows up as users never delivered.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import { Agent, request } from 'undici';
import { freePort } from '../bench/free-port.js';
import { liveModeEnv } from '../bench/live-mode-env.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const QUERY = '$select=displayName';

export interface KillSweepOptions {
  store: 'sqlite' | 'redis';
  /** How many calls are killed. */
  kills: number;
  /** Redis URL for the redis store; default redis://127.0.0.1:6379. */
  redisUrl?: string;
  /** Users created before each call (the batch a kill may hit); default 40. */
  usersPerRound?: number;
  /** Progress lines (one per kill). */
  onProgress?: (line: string) => void;
}

export interface KillSweepResult {
  store: 'sqlite' | 'redis';
  kills: number;
  /** Kills that landed before the caller had the whole answer. */
  killedBeforeAnswer: number;
  /** Kills that landed after the caller had it (the call was over). */
  killedAfterAnswer: number;
  /** Length of an unkilled call, which the kill instants are spread over (ms). */
  callMs: number;
  usersCreated: number;
  /** Users never in an answer the caller received: must be 0. */
  neverDelivered: number;
  /** Users received more than once (replays after a kill): allowed. */
  deliveredAgain: number;
}

export async function runKillSweep(options: KillSweepOptions): Promise<KillSweepResult> {
  const usersPerRound = options.usersPerRound ?? 40;
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0, seedUsers: 20 });
  const tenant = emulator.state.resolveTenant(emulator.demo.tenantId)!;
  // Pages of 10, each held back 20 ms: a call is a few pages long, so the kills can land in it.
  emulator.state.delta.update({ pageSize: 10 });
  emulator.state.faults.arm([{ path: '/users/delta', latencyMs: 20 }]);
  const runId = randomBytes(4).toString('hex');
  const syncKey = `kill-sweep-${runId}`;
  const dir = mkdtempSync(join(tmpdir(), 'kill-sweep-'));
  const storeUrl =
    options.store === 'sqlite'
      ? `sqlite:${join(dir, 'cursors.db')}`
      : (options.redisUrl ?? 'redis://127.0.0.1:6379');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const apiKey = `kill-sweep-${randomBytes(16).toString('hex')}`;
  const client = new Agent({ connections: 4 });
  const created = new Set<string>();
  const received = new Map<string, number>();
  let service = await startService(port, emulator, storeUrl, apiKey);

  const createUsers = (round: number) => {
    for (let n = 0; n < usersPerRound; n += 1) {
      const nickname = `ks-${runId}-${round}-${n}`;
      const id = randomUUID();
      tenant.createUser({
        id,
        userPrincipalName: `${nickname}@${emulator.demo.domain}`,
        displayName: nickname,
        mailNickname: nickname,
        accountEnabled: true,
      });
      created.add(id);
    }
  };
  const call = async () => {
    const response = await request(`${base}/capabilities/query-user-changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ userQuery: QUERY, syncKey }),
      dispatcher: client,
    });
    const body = (await response.body.json()) as {
      output?: { rawResponse: { value: Array<{ id: string }>; '@odata.deltaLink'?: string } };
    };
    if (response.statusCode !== 200 || !body.output) throw new Error(`status ${response.statusCode}`);
    for (const { id } of body.output.rawResponse.value) received.set(id, (received.get(id) ?? 0) + 1);
    return body.output.rawResponse;
  };

  try {
    // The cursor starts from a complete round, then one unkilled round measures a call's length.
    for (const user of await allUserIds(emulator)) created.add(user);
    await call();
    createUsers(-1);
    service.kill('SIGKILL');
    await exited(service);
    service = await startService(port, emulator, storeUrl, apiKey);
    const started = performance.now();
    await call();
    const callMs = Math.max(1, performance.now() - started);

    let killedBeforeAnswer = 0;
    for (let kill = 0; kill < options.kills; kill += 1) {
      createUsers(kill);
      // Spread over the call and a quarter beyond it, so the last instants fall after the answer.
      const at = (callMs * 1.25 * (kill + 0.5)) / options.kills;
      const outcome = call().then(
        () => 'answered' as const,
        () => 'cut' as const,
      );
      await delay(at);
      service.kill('SIGKILL');
      const result = await outcome;
      await exited(service);
      if (result === 'cut') killedBeforeAnswer += 1;
      options.onProgress?.(
        `${options.store} kill ${kill + 1}/${options.kills} at ${at.toFixed(0)} ms: ${result}`,
      );
      service = await startService(port, emulator, storeUrl, apiKey);
      // Catch up, so that the next killed call carries one batch like the one measured.
      await call();
    }

    // Drain: resume from wherever the cursor is until a round brings nothing.
    for (let rounds = 0; rounds < 1000; rounds += 1) {
      const page = await call();
      if (page.value.length === 0 && page['@odata.deltaLink']) break;
    }
    const neverDelivered = [...created].filter((id) => !received.has(id)).length;
    return {
      store: options.store,
      kills: options.kills,
      killedBeforeAnswer,
      killedAfterAnswer: options.kills - killedBeforeAnswer,
      callMs: Math.round(callMs),
      usersCreated: created.size,
      neverDelivered,
      deliveredAgain: [...received.values()].filter((count) => count > 1).length,
    };
  } finally {
    await request(`${base}/sync-cursors/${syncKey}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${apiKey}` },
      dispatcher: client,
    })
      .then((response) => response.body.dump())
      .catch(() => {});
    service.kill('SIGKILL');
    await client.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves once the process is gone (a killed one has a signalCode and no exitCode). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

async function allUserIds(emulator: RunningEmulator): Promise<string[]> {
  const tenant = emulator.state.resolveTenant(emulator.demo.tenantId)!;
  return [...tenant.activeUsersAfter(-1)].map((user) => user.props.id);
}

/** `src/server.ts` in live mode against the emulator, ready (healthz answers) before it returns. */
async function startService(
  port: number,
  emulator: RunningEmulator,
  storeUrl: string,
  apiKey: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(ROOT, 'src/server.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOST: '127.0.0.1',
        PORT: String(port),
        ...liveModeEnv(emulator.origin, emulator.demo),
        API_KEYS: apiKey,
        STATE_STORE_URL: storeUrl,
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'fatal',
      },
      stdio: process.env['KILL_SWEEP_DEBUG'] ? 'inherit' : 'ignore',
    },
  );
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the service exited (${child.exitCode ?? child.signalCode}) during start`);
    }
    const up = await request(`http://127.0.0.1:${port}/readyz`)
      .then(async (response) => {
        await response.body.dump();
        return response.statusCode === 200;
      })
      .catch(() => false);
    if (up) {
      // One call first, so the killed one does not include the token and the cold code paths and
      // its length matches the unkilled call the kill instants are spread over.
      await request(`http://127.0.0.1:${port}/capabilities/query-users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ userQuery: '$top=1' }),
      }).then((response) => response.body.dump());
      return child;
    }
    await delay(50);
  }
  child.kill('SIGKILL');
  throw new Error('the service did not start within 30 s');
}
