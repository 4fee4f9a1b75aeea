// Applies armed fault rules and the throttling model to Graph requests, in the Graph scope's
// onRequest (after request ids are set, before the handler) and onSend (a drop `after` the
// request was applied). Also feeds RetryTiming with every Retry-After sent and every comeback.

import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { batchItemOf } from '../batch/batch-item.js';
import type { EmulatorState } from '../emulator-state.js';
import { GraphError, graphErrors } from '../graph/graph-error.js';
import { requestCost } from '../throttling/resource-units.js';
import type { FaultRule } from './fault-rule.js';
import { retryAfterMs } from './retry-timing.js';

export function registerGraphFaultHooks(scope: FastifyInstance, state: EmulatorState): void {
  const dropAfterApplying = new WeakSet<FastifyRequest>();

  scope.addHook('onRequest', async (request, reply) => {
    const batchItem = batchItemOf(request);
    // An item without its own client-request-id carries its batch's: that is no retry of anything.
    const clientRequestId =
      batchItem && !batchItem.ownClientRequestId ? undefined : header(request, 'client-request-id');
    state.retryTiming.arrived(clientRequestId);
    const { path, query } = belowVersionRoot(request.raw.url ?? '/');
    const rule = state.faults.armed
      ? state.faults.pick(request.method, path, batchItem !== undefined)
      : undefined;
    if (rule?.latencyMs) await delay(rule.latencyMs);
    if (rule?.drop === 'before') {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (rule?.drop === 'after') dropAfterApplying.add(request);
    if (rule?.status !== undefined) throw faultError(rule, clientRequestId, state);

    // Graph evaluates every request of a batch against the limits, not the batch itself.
    if (!state.throttling.settings.enabled || isBatchEnvelope(path)) return;
    const caller = callerOf(request, state);
    if (!caller) return; // the handler answers 401 for a bad token
    const cost = requestCost(request.method, path, query);
    const decision = state.throttling.charge(caller.appId, caller.tenantId, caller.users, cost);
    reply.header('x-ms-resource-unit', String(cost.resourceUnits));
    if (decision.allowed) {
      if (decision.usedFraction > 0.8) {
        reply.header('x-ms-throttle-limit-percentage', decision.usedFraction.toFixed(1));
      }
      return;
    }
    const seconds = Math.ceil(decision.retryAfterMs) / 1000;
    state.retryTiming.answered(clientRequestId, seconds * 1000);
    throw new GraphError(429, 'TooManyRequests', 'Please retry again later.', undefined, {
      'retry-after': String(seconds),
      'x-ms-throttle-scope': decision.scope,
      'x-ms-throttle-information': decision.information,
    });
  });

  scope.addHook('onSend', async (request, _reply, payload) => {
    // The handler has run (the change is applied); the client never learns the outcome.
    if (dropAfterApplying.has(request)) request.raw.socket.destroy();
    return payload;
  });
}

function faultError(rule: FaultRule, clientRequestId: string | undefined, state: EmulatorState): GraphError {
  const headers: Record<string, string> = {};
  if (rule.retryAfter !== undefined && rule.status !== 504) {
    headers['retry-after'] = String(rule.retryAfter);
    state.retryTiming.answered(clientRequestId, retryAfterMs(rule.retryAfter));
  }
  switch (rule.status) {
    case 429:
      return new GraphError(429, 'TooManyRequests', 'Please retry again later.', undefined, headers);
    case 503:
      // The code is from Graph's generic list: https://learn.microsoft.com/graph/errors
      return new GraphError(
        503,
        'serviceNotAvailable',
        'The service is temporarily unavailable. Please retry later.',
        undefined,
        headers,
      );
    case 504:
      return new GraphError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.');
    default:
      return graphErrors.invalidToken('Lifetime validation failed, the token is expired.');
  }
}

/** The app and tenant a valid bearer token names, with the tenant's size (its RU quota depends on it). */
function callerOf(request: FastifyRequest, state: EmulatorState) {
  const match = /^bearer\s+(\S+)/i.exec(header(request, 'authorization') ?? '');
  if (!match?.[1]) return undefined;
  const check = state.signer.verify(match[1]);
  if (!check.ok) return undefined;
  const tenant = state.resolveTenant(check.claims.tid);
  if (!tenant) return undefined;
  return { appId: check.claims.appid, tenantId: tenant.tenantId, users: tenant.userCount };
}

/** `/v1.0/users/x?$top=5` -> path `/users/x`, query `$top=5`. */
function belowVersionRoot(url: string): { path: string; query: string } {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  return {
    path: path.replace(/^\/(v1\.0|beta)(?=\/|$)/i, '') || '/',
    query: at < 0 ? '' : url.slice(at + 1),
  };
}

function isBatchEnvelope(path: string): boolean {
  return /^\/(\$|%24)batch\/?$/i.test(path);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
