// Mounts Graph under /v1.0 and /beta: request ids on every response, the bearer check, then
// the router. Errors inside this scope are written in Graph's envelope.
// https://learn.microsoft.com/graph/errors

import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { batchItemOf } from '../batch/batch-item.js';
import { isBatchTarget, serveBatch } from '../batch/batch-route.js';
import type { EmulatorState } from '../emulator-state.js';
import { registerGraphFaultHooks } from '../faults/graph-fault-hooks.js';
import { requestOrigin } from '../identity/request-origin.js';
import { ODataError } from '../odata/odata-error.js';
import { authenticate } from './bearer-auth.js';
import { GraphError, sendGraphError } from './graph-error.js';
import { dispatchGraph, type GraphRouterDeps } from './graph-router.js';
import type { GraphVersion } from './graph-version.js';
import { parseQueryOptions } from './query-options.js';

const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const VERSIONS: readonly GraphVersion[] = ['v1.0', 'beta'];

export async function registerGraph(app: FastifyInstance, state: EmulatorState, deps: GraphRouterDeps) {
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      state.recordGraphRequest();
      const requestId = randomUUID();
      const clientRequestId = headerValue(request, 'client-request-id') ?? requestId;
      reply.headers({
        'request-id': requestId,
        'client-request-id': clientRequestId,
        'cache-control': 'no-cache',
        'strict-transport-security': 'max-age=31536000',
        'x-ms-ags-diagnostic': JSON.stringify({
          ServerInfo: {
            DataCenter: 'Emulator',
            Slice: 'E',
            Ring: '0',
            ScaleUnit: '000',
            RoleInstance: 'EMU',
          },
        }),
        'x-ms-resource-unit': '1',
      });
    });
    // Armed faults and the throttling model, after the ids above are set and before any handler.
    registerGraphFaultHooks(scope, state);

    // Graph accepts an empty body with a JSON content type (clients set it on DELETE too).
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(
          new GraphError(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          ),
          undefined,
        );
      }
    });

    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error instanceof GraphError) return sendGraphError(reply, error);
      // The OData engine (../odata) raises its own error type with Graph's code and status.
      if (error instanceof ODataError)
        return sendGraphError(reply, new GraphError(error.status, error.code, error.message));
      // Fastify's own 4xx (unparsable JSON, wrong content type, body too large) in Graph's words.
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      const code =
        status === 500 ? 'generalException' : status === 415 ? 'UnsupportedMediaType' : 'BadRequest';
      const message = status === 500 ? 'An internal server error occurred.' : error.message;
      if (status === 500) reply.log.error({ err: error }, 'emulator bug');
      return sendGraphError(reply, new GraphError(status, code, message));
    });

    for (const version of VERSIONS) {
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        // A batch item's origin is the batch's: the injected request has no socket of its own.
        const origin = batchItemOf(request)?.origin ?? requestOrigin(request);
        const { tenant, appId } = authenticate(
          headerValue(request, 'authorization'),
          state,
          new URL(origin).host,
        );
        const rawUrl = request.raw.url ?? '/';
        const queryAt = rawUrl.indexOf('?');
        const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
        const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
        const rawSegments = path.split('/').slice(2);
        if (rawSegments.at(-1) === '') rawSegments.pop(); // tolerate one trailing slash
        const ctx = {
          version,
          origin,
          tenant,
          appId,
          rawSegments,
          query: parseQueryOptions(rawQuery, version),
          method: request.method,
          request,
          reply,
        };
        if (isBatchTarget(rawSegments)) return serveBatch(ctx, (options) => scope.inject(options));
        return dispatchGraph(ctx, deps);
      };
      scope.route({ method: METHODS, url: `/${version}`, handler });
      scope.route({ method: METHODS, url: `/${version}/*`, handler });
    }
  });
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
