import { type EventEmitter, once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { boundedAsyncDestination, flushLog } from '../../src/observability/logging.js';

/**
 * The asynchronous stdout holds what it has not written yet in memory. When nothing reads it, the
 * backlog is capped: whole lines beyond the cap are dropped and stderr says so, instead of the
 * heap growing until the process dies.
 */
describe('the bounded asynchronous log destination', () => {
  it('has every line written once flushLog resolves, with a write still under way when it was called', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eum-log-')), 'out.log');
    const destination = boundedAsyncDestination(file, 1_000_000, () => {});
    await once(destination as unknown as EventEmitter, 'ready');
    const log = pino({ level: 'info', base: null, timestamp: false }, destination);

    for (let index = 0; index < 1_000; index += 1) log.info({ index }, 'a line of about forty bytes');
    await flushLog(destination);

    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1_000);
  });

  it('writes a batch smaller than its batch size once flushLog is called', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eum-log-')), 'out.log');
    const destination = boundedAsyncDestination(file, 1_000_000, () => {}, {
      batchBytes: 4096,
      flushIntervalMs: 3_600_000,
    });
    await once(destination as unknown as EventEmitter, 'ready');
    const log = pino({ level: 'info', base: null, timestamp: false }, destination);

    for (let index = 0; index < 10; index += 1) log.info({ index }, 'fewer bytes than one batch');
    await flushLog(destination);

    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(10);
  });

  it('drops whole lines beyond its backlog cap, says so once, and writes again once drained', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'eum-log-')), 'out.log');
    const notices: string[] = [];
    const destination = boundedAsyncDestination(file, 10_000, (notice) => notices.push(notice));
    await once(destination as unknown as EventEmitter, 'ready');
    const log = pino({ level: 'info', base: null, timestamp: false }, destination);

    // One synchronous burst: the first write is in flight, the rest wait in memory.
    for (let index = 0; index < 1_000; index += 1) log.info({ index }, 'a line of about forty bytes');
    await flushLog(destination);
    log.info({ index: 'after' }, 'written once the backlog has drained');
    await flushLog(destination);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const indexes = lines.map((line) => (JSON.parse(line) as { index: number | string }).index);
    expect(indexes.length).toBeLessThan(1_000);
    expect(indexes.length).toBeGreaterThan(100);
    expect(indexes.at(-1)).toBe('after');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^1 log line\(s\) dropped: 10000 bytes of log are waiting/);
  });
});
