import { createHash } from 'node:crypto';
import { RedisConnection } from '../redis-connection.js';
import { DEFAULT_RUN_RETENTION_MS, parseRun, type RunStore, runExpiresAt } from './run-store.js';
import type { RunScope, WorkflowRun } from './workflow-run.js';

/**
 * Creates the run unless it exists, and indexes its subjects, in one step. The run key expires at
 * ARGV[4] (its retention's end, ms); each subject's index lives as long as its latest run, ARGV[5]
 * ms from now. A time already past deletes the key, as Redis does for PEXPIREAT.
 */
const INSERT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[5])
end
return 1
`;

/** Replaces the run only while the stored version is ARGV[2]; indexes new subjects; expiry as INSERT. */
const REPLACE = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if tostring(cjson.decode(current).version) ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
for i = 2, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
return 1
`;

/**
 * Runs as JSON strings, one key per run, and a sorted set per (scope, subject) scored by creation
 * time. A scope's keys share a `{tenant:client}` hash tag, so the scripts stay in one cluster slot.
 */
export class RedisRunStore implements RunStore {
  readonly kind = 'redis';
  readonly #connection: RedisConnection;
  readonly #keyPrefix: string;
  readonly #retentionMs: number;

  constructor(options: {
    url: string;
    keyPrefix?: string;
    retentionMs?: number;
    commandTimeoutMs?: number;
    onError?: (error: Error) => void;
  }) {
    this.#keyPrefix = `${options.keyPrefix ?? 'eum:'}run:`;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RUN_RETENTION_MS;
    this.#connection = new RedisConnection({
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs ?? 2000,
      connectTimeoutMs: 2000,
      readyWaitMs: 1000,
      onError: options.onError,
    });
  }

  async insert(run: WorkflowRun): Promise<boolean> {
    const keys = [this.#runKey(run, run.runId), ...run.subjects.map((s) => this.#subjectKey(run, s))];
    const result = await this.#connection.call((client) =>
      client.eval(
        INSERT,
        keys.length,
        ...keys,
        JSON.stringify(run),
        Date.parse(run.createdAt),
        run.runId,
        runExpiresAt(run, this.#retentionMs),
        this.#retentionMs,
      ),
    );
    return result === 1;
  }

  async replace(run: WorkflowRun): Promise<boolean> {
    const keys = [this.#runKey(run, run.runId), ...run.subjects.map((s) => this.#subjectKey(run, s))];
    const result = await this.#connection.call((client) =>
      client.eval(
        REPLACE,
        keys.length,
        ...keys,
        JSON.stringify(run),
        String(run.version - 1),
        Date.parse(run.createdAt),
        run.runId,
        runExpiresAt(run, this.#retentionMs),
        this.#retentionMs,
      ),
    );
    return result === 1;
  }

  async get(scope: RunScope, runId: string): Promise<WorkflowRun | undefined> {
    const text = await this.#connection.call((client) => client.get(this.#runKey(scope, runId)));
    return text === null ? undefined : parseRun(text);
  }

  async listBySubject(scope: RunScope, subject: string, limit: number): Promise<WorkflowRun[]> {
    const key = this.#subjectKey(scope, subject);
    const runs: WorkflowRun[] = [];
    // Runs past their retention leave their index entries behind. Each pass drops those it met and
    // reads on from where the live runs found so far end, until `limit` runs or the index's end: a
    // page of expired entries must not hide the older runs still kept.
    for (;;) {
      const want = limit - runs.length;
      const ids = await this.#connection.call((client) =>
        client.zrevrange(key, runs.length, runs.length + want - 1),
      );
      if (ids.length === 0) return runs;
      const texts = await this.#connection.call((client) =>
        client.mget(...ids.map((id) => this.#runKey(scope, id))),
      );
      const expired = ids.filter((_id, index) => texts[index] === null);
      for (const text of texts) {
        // A run indexed meanwhile shifts the ranks: one already listed may be met again.
        if (text !== null) {
          const run = parseRun(text);
          if (!runs.some((listed) => listed.runId === run.runId)) runs.push(run);
        }
      }
      if (expired.length === 0 || ids.length < want || runs.length >= limit) return runs;
      await this.#connection.call((client) => client.zrem(key, ...expired));
    }
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #scopeTag(scope: RunScope): string {
    return `${this.#keyPrefix}{${encodeURIComponent(scope.tenantId)}:${encodeURIComponent(scope.clientId)}}`;
  }

  #runKey(scope: RunScope, runId: string): string {
    return `${this.#scopeTag(scope)}:r:${encodeURIComponent(runId)}`;
  }

  /** Hashed: a subject is a UPN, which may hold any character. */
  #subjectKey(scope: RunScope, subject: string): string {
    return `${this.#scopeTag(scope)}:s:${createHash('sha256').update(subject).digest('base64url')}`;
  }
}
