import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLoggerFactory } from '../../src/observability/lazy-child-logger.js';
import { loggerOptions } from '../../src/observability/logging.js';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const parent = pino(loggerOptions(level), stream);
  let childrenMade = 0;
  const counting = Object.create(parent, {
    child: {
      value: (...args: Parameters<typeof parent.child>) => {
        childrenMade += 1;
        return parent.child(...args);
      },
    },
  }) as FastifyBaseLogger;
  return { lines, parent: counting, made: () => childrenMade };
}

describe('lazyChildLoggerFactory', () => {
  it('makes no child for a request that logs nothing its level lets through', () => {
    const { lines, parent, made } = capture('warn');
    const log = lazyChildLoggerFactory(parent, { requestId: 'r-1' }, {});
    log.info({ req: { url: '/x' } }, 'incoming request');
    log.debug('details');
    expect(made()).toBe(0);
    expect(lines).toEqual([]);
    expect(log.level).toBe('warn');
  });

  it('writes what a real child writes: the binding, the message, redaction applied', () => {
    const { lines, parent, made } = capture('info');
    const log = lazyChildLoggerFactory(parent, { requestId: 'r-2' }, {});
    log.info({ clientSecret: 'do-not-log' }, 'graph call');
    log.warn('slow');
    expect(made()).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      requestId: 'r-2',
      msg: 'graph call',
      clientSecret: '[Redacted]',
      level: 30,
    });
    expect(lines[1]).toMatchObject({ requestId: 'r-2', msg: 'slow', level: 40 });
  });

  it('follows a level set on it, as a real child would', () => {
    const { lines, parent } = capture('warn');
    const log = lazyChildLoggerFactory(parent, { requestId: 'r-3' }, {});
    log.level = 'debug';
    log.debug('now visible');
    expect(lines).toMatchObject([{ requestId: 'r-3', msg: 'now visible' }]);
    const grandchild = log.child({ step: 'token' });
    grandchild.debug('nested');
    expect(lines[1]).toMatchObject({ requestId: 'r-3', step: 'token', msg: 'nested' });
  });
});
