import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { loggedUrl } from '../../observability/logging.js';
import { existingAccessRecord } from './access-record.js';

/** pino's logger has this; FastifyBaseLogger's typing leaves it out. */
interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

/**
 * One access-log line per request, at info, written when the response has been sent: Fastify's two
 * request lines are off (disableRequestLogging), since two synchronous lines per request cost a
 * quarter of the throughput at the default level. A problem answer's line carries its `code`, and
 * is its only line unless it is a 5xx (error-handler.ts). Query values are blanked (loggedUrl);
 * bodies and headers never logged.
 */
export function registerAccessLog(app: FastifyInstance): void {
  const log = accessLogger(app.log);
  if ((log as LevelAware).isLevelEnabled?.('info') === false) return;
  app.addHook('onResponse', (request, reply, done) => {
    const record = existingAccessRecord(request);
    log.info(
      {
        requestId: request.id,
        method: request.method,
        url: loggedUrl(request.url),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(record?.capability ? { capability: record.capability } : {}),
        ...(record?.tenantId ? { tenantId: record.tenantId } : {}),
        ...(record && record.graphAttempts > 0
          ? { graphStatus: record.graphStatus, graphRetries: record.graphAttempts - record.graphCalls }
          : {}),
        ...(record?.problemCode ? { code: record.problemCode } : {}),
      },
      'request',
    );
    done();
  });
}

/**
 * The root logger (same destination, level and bindings, so a quiet request never builds its child
 * logger) without the redaction pass. Every field of the line is built above from values that are
 * never secret: the request id is checked or minted (requestIdFrom), the URL blanked, the rest are
 * numbers, a capability name, a tenant id and a problem code. Redaction would find nothing here, yet its wildcard
 * paths (`*.password`...) run over every key of every line: about four times the cost of writing
 * the line itself (docs/decisions.md, 17).
 */
function accessLogger(root: FastifyBaseLogger): FastifyBaseLogger {
  return root.child({}, { redact: [] });
}
