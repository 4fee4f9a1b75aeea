import type { FastifyInstance } from 'fastify';
import { loggedUrl } from '../../observability/logging.js';
import { existingAccessRecord } from './access-record.js';

/** pino's logger has this; FastifyBaseLogger's typing leaves it out. */
interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

/**
 * One access-log line per request, at info, written when the response has been sent: Fastify's two
 * request lines are off (disableRequestLogging), since two synchronous lines per request cost a
 * quarter of the throughput at the default level. Written through the root logger, so a quiet
 * request never builds its child logger. Query values are blanked (loggedUrl); bodies never logged.
 */
export function registerAccessLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    if ((app.log as LevelAware).isLevelEnabled?.('info') === false) return;
    const record = existingAccessRecord(request);
    app.log.info(
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
      },
      'request',
    );
  });
}
