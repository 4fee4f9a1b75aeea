import { createHash } from 'node:crypto';
import { RedisConnection } from '../redis-connection.js';
import {
  type AuditFilter,
  type AuditRecord,
  type AuditScope,
  type AuditStore,
  objectKey,
  parseAuditRecord,
} from './audit-store.js';

/**
 * Adds the record to each sorted set (scored by its time), drops what is past the retention, and
 * lets an idle set expire with its last record. KEYS: the sets; ARGV: score, record, oldest score,
 * retention in ms.
 */
const APPEND = `
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
return 1
`;

/**
 * A sorted set per scope and one per (scope, object), members the records' JSON scored by time.
 * A scope's keys share a `{tenant:client}` hash tag, so the script stays in one cluster slot.
 */
export class RedisAuditStore implements AuditStore {
  readonly kind = 'redis';
  readonly #connection: RedisConnection;
  readonly #keyPrefix: string;
  readonly #retentionMs: number;
  readonly #now: () => number;

  constructor(options: {
    url: string;
    retentionMs: number;
    keyPrefix?: string;
    commandTimeoutMs?: number;
    now?: () => number;
    onError?: (error: Error) => void;
  }) {
    this.#keyPrefix = `${options.keyPrefix ?? 'eum:'}audit:`;
    this.#retentionMs = options.retentionMs;
    this.#now = options.now ?? Date.now;
    this.#connection = new RedisConnection({
      url: options.url,
      commandTimeoutMs: options.commandTimeoutMs ?? 2000,
      connectTimeoutMs: 2000,
      readyWaitMs: 1000,
      onError: options.onError,
    });
  }

  async append(record: AuditRecord): Promise<void> {
    const keys = [
      this.#scopeKey(record),
      ...(record.objectId === undefined ? [] : [this.#objectKey(record, record.objectId)]),
    ];
    const oldest = this.#now() - this.#retentionMs;
    await this.#connection.call((client) =>
      client.eval(
        APPEND,
        keys.length,
        ...keys,
        Date.parse(record.at),
        JSON.stringify(record),
        oldest,
        this.#retentionMs,
      ),
    );
  }

  async query(scope: AuditScope, filter: AuditFilter): Promise<AuditRecord[]> {
    const since = Math.max(filter.since ?? 0, this.#now() - this.#retentionMs);
    const key =
      filter.objectId === undefined ? this.#scopeKey(scope) : this.#objectKey(scope, filter.objectId);
    const texts = await this.#connection.call((client) =>
      client.zrevrangebyscore(key, '+inf', since, 'LIMIT', 0, filter.limit),
    );
    // Equal scores come back in reverse member order, which starts with the record's id: newest first.
    return texts.map(parseAuditRecord);
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  #scopeTag(scope: AuditScope): string {
    return `${this.#keyPrefix}{${encodeURIComponent(scope.tenantId)}:${encodeURIComponent(scope.clientId)}}`;
  }

  #scopeKey(scope: AuditScope): string {
    return `${this.#scopeTag(scope)}:all`;
  }

  /** Hashed: an object id may be a UPN, which may hold any character. */
  #objectKey(scope: AuditScope, objectId: string): string {
    return `${this.#scopeTag(scope)}:o:${createHash('sha256').update(objectKey(objectId)).digest('base64url')}`;
  }
}
