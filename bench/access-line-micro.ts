/**
 * Micro-benchmark of one access line (src/http/access-log/access-log.ts): written through the
 * service's root logger (its redaction paths run over every key) against the access logger (the
 * same logger without the redaction pass), both on pino's asynchronous destination to /dev/null.
 * Batches of 200 lines with a turn of the event loop between them, so the destination drains as it
 * does under load; the variants take turns, best of 5 rounds.
 *
 *   node --conditions=source --import tsx bench/access-line-micro.ts
 */
import pino from 'pino';
import { loggerOptions } from '../src/observability/logging.js';

const destination = pino.destination({ dest: '/dev/null', sync: false });
const root = pino(loggerOptions('info'), destination);
const variants = [
  ['root logger (redaction)', root],
  ['access logger (no redaction)', root.child({}, { redact: [] })],
] as const;

const line = () => ({
  requestId: '7d0f3a52-1c9e-4b7a-8f61-2e5d9c0b4a18',
  method: 'POST',
  url: '/capabilities/read-user',
  status: 200,
  durationMs: 3.4,
  capability: 'read-user',
  tenantId: '6f2b8c1e-0d4a-4e57-9b3c-a1d2e3f40516',
  graphStatus: 200,
  graphRetries: 0,
});

const BATCH = 200;
const BATCHES = 250;
const best = new Map<string, number>();
for (let round = 0; round < 6; round += 1) {
  for (const [name, logger] of variants) {
    let elapsed = 0n;
    for (let batch = 0; batch < BATCHES; batch += 1) {
      const started = process.hrtime.bigint();
      for (let i = 0; i < BATCH; i += 1) logger.info(line(), 'request');
      elapsed += process.hrtime.bigint() - started;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const microseconds = Number(elapsed) / 1000 / (BATCH * BATCHES);
    // Round 0 warms both up.
    if (round > 0) best.set(name, Math.min(best.get(name) ?? Infinity, microseconds));
  }
}
for (const [name, microseconds] of best) console.log(`${name}: ${microseconds.toFixed(2)} µs a line`);
destination.flushSync();
