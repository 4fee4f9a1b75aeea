import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { loggedUrl } from '../../observability/logging.js';
import { type AccessRecord, existingAccessRecord } from './access-record.js';

/** pino's logger has this; FastifyBaseLogger's typing leaves it out. */
interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

/**
 * One access-log line per request, at info, written when the response has been sent (or the caller
 * hung up first): Fastify's two request lines are off (disableRequestLogging), since two
 * synchronous lines per request cost a quarter of the throughput at the default level. A problem
 * answer's line carries its `code`, and is its only line unless it is a 5xx (error-handler.ts).
 * Query values are blanked (loggedUrl); bodies and headers never logged.
 */
export function registerAccessLog(app: FastifyInstance): void {
  const log = accessLogger(app.log);
  if ((log as LevelAware).isLevelEnabled?.('info') === false) return;
  // Requests whose line onResponse wrote (Fastify's inject also closes its response afterwards).
  const logged = new WeakSet<FastifyRequest>();
  app.addHook('onResponse', (request, reply, done) => {
    logged.add(request);
    log.info(
      {
        ...requestFields(request),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...recordFields(existingAccessRecord(request)),
      },
      'request',
    );
    done();
  });
  // A client that closes its connection before the answer gets none, so onResponse never runs;
  // the call may still have changed Graph, and must not vanish from the log. Its line says
  // `aborted` instead of a status (none was sent), with what Graph had answered so far. Fastify's
  // onRequestAbort does not do: it only fires while the request body is still arriving.
  app.addHook('onRequest', (request, reply, done) => {
    reply.raw.once('close', () => {
      if (logged.has(request) || reply.raw.writableFinished) return;
      log.info(
        {
          ...requestFields(request),
          aborted: true,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
          ...recordFields(existingAccessRecord(request)),
        },
        'request',
      );
    });
    done();
  });
}

function requestFields(request: FastifyRequest) {
  return { requestId: request.id, method: request.method, url: loggedUrl(request.url) };
}

function recordFields(record: AccessRecord | undefined) {
  if (!record) return {};
  return {
    ...(record.capability ? { capability: record.capability } : {}),
    ...(record.tenantId ? { tenantId: record.tenantId } : {}),
    ...(record.graphAttempts > 0
      ? { graphStatus: record.graphStatus, graphRetries: record.graphAttempts - record.graphCalls }
      : {}),
    ...(record.problemCode ? { code: record.problemCode } : {}),
  };
}

/**
 * The root logger (same destination, level and bindings, so a quiet request never builds its child
 * logger) without the redaction pass. Every field of the line is built above from values that are
 * never secret: the request id is checked or minted (requestIdFrom), the URL blanked, the rest are
 * numbers, a capability name, a tenant id and a problem code. Redaction would find nothing here,
 * yet its wildcard paths (`*.password`...) run over every key of every line: about four times the
 * cost of writing the line itself (docs/decisions.md, 17).
 */
function accessLogger(root: FastifyBaseLogger): FastifyBaseLogger {
  return root.child({}, { redact: [] });
}
