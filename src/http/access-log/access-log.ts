import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loggedUrl, withoutRedaction } from '../../observability/logging.js';
import { existingAccessRecord } from './access-record.js';

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
  // Every field of the line is built below from values that are never secret: the request id is
  // checked or minted (requestIdFrom), the URL blanked, the rest are numbers, a capability name, a
  // tenant id and a problem code.
  const log = withoutRedaction(app.log);
  if ((log as LevelAware).isLevelEnabled?.('info') === false) return;
  // Whether onResponse wrote the line (Fastify's inject also closes its response afterwards). A
  // reply decoration, not a WeakSet: a WeakSet entry per request costs more than the line's fields.
  app.decorateReply(LOGGED, false);
  app.addHook('onResponse', (request, reply, done) => {
    (reply as Flagged)[LOGGED] = true;
    log.info(accessLine(request, reply, reply.statusCode), 'request');
    done();
  });
  // A client that closes its connection before the answer gets none, so onResponse never runs;
  // the call may still have changed Graph, and must not vanish from the log. Its line says
  // `aborted` instead of a status (none was sent), with what Graph had answered so far. Fastify's
  // onRequestAbort does not do: it only fires while the request body is still arriving.
  // One listener function for every response, finding its reply through the response, rather than
  // a closure and a `once` wrapper made per request. 'close' fires once per response.
  function onClose(this: Tagged): void {
    const reply = this[REPLY];
    if (reply === undefined || (reply as Flagged)[LOGGED] || this.writableFinished) return;
    log.info(accessLine(reply.request, reply, undefined), 'request');
  }
  app.addHook('onRequest', (_request, reply, done) => {
    (reply.raw as Tagged)[REPLY] = reply;
    reply.raw.on('close', onClose);
    done();
  });
}

const REPLY = Symbol('accessLogReply');
type Tagged = ServerResponse & { [REPLY]?: FastifyReply };

const LOGGED = Symbol('accessLineWritten');
type Flagged = FastifyReply & { [LOGGED]?: boolean };

/**
 * The line's fields, added one by one in a fixed order (one object shape for V8): built with
 * conditional spreads instead, the same object took over a hundred times longer (4.5 µs against
 * 0.03 on the shared 2-core machine).
 */
function accessLine(request: FastifyRequest, reply: FastifyReply, status: number | undefined) {
  const line: Record<string, unknown> = {
    requestId: request.id,
    method: request.method,
    url: loggedUrl(request.url),
  };
  if (status === undefined) line['aborted'] = true;
  else line['status'] = status;
  line['durationMs'] = Math.round(reply.elapsedTime * 10) / 10;
  const record = existingAccessRecord(request);
  if (record) {
    if (record.capability) line['capability'] = record.capability;
    if (record.tenantId) line['tenantId'] = record.tenantId;
    if (record.graphAttempts > 0) {
      line['graphStatus'] = record.graphStatus;
      line['graphRetries'] = record.graphAttempts - record.graphCalls;
    }
    if (record.problemCode) line['code'] = record.problemCode;
  }
  return line;
}
