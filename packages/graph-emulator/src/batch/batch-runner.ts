// Runs the steps of a `$batch` through the same Graph routes as single requests (Fastify inject,
// with the caller's Authorization), so every endpoint, fault rule and the throttling model act
// on each item as on a request of its own. Steps run one after another in the order given, which
// also honours `dependsOn` (a dependency always comes earlier); a step whose dependency failed
// (any status of 400 or more, or a 424 itself) is not run and answers 424.
// https://learn.microsoft.com/graph/json-batching

import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { graphErrorDate } from '../graph/graph-error.js';
import { failedDependencyError } from './batch-errors.js';
import { BATCH_ITEM_HEADER, batchItemHeaderValue } from './batch-item.js';
import type { BatchStep } from './batch-payload.js';

export interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  /** Absent for 204 and other empty answers. */
  body?: unknown;
}

export interface BatchCall {
  version: string;
  /** The origin the batch was sent to; items answer with links on it. */
  origin: string;
  /** The batch's own Authorization header, which every item carries. */
  authorization: string | undefined;
  /** The batch's client-request-id, for items that do not name their own. */
  clientRequestId: string | undefined;
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

/** Response headers an item reports, in the casing Graph's samples show. */
const ITEM_HEADERS: Record<string, string> = {
  'cache-control': 'Cache-Control',
  'content-type': 'Content-Type',
  'odata-version': 'OData-Version',
  location: 'Location',
  'retry-after': 'Retry-After',
  'www-authenticate': 'WWW-Authenticate',
  'x-ms-resource-unit': 'x-ms-resource-unit',
  'x-ms-throttle-scope': 'x-ms-throttle-scope',
  'x-ms-throttle-information': 'x-ms-throttle-information',
  'x-ms-throttle-limit-percentage': 'x-ms-throttle-limit-percentage',
};

/** Request headers an item may not set: the batch decides them. */
const BATCH_OWNED_HEADERS = new Set([
  'authorization',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  BATCH_ITEM_HEADER,
]);

/** The items' answers, in the order of the requests. */
export async function runBatchSteps(
  steps: readonly BatchStep[],
  call: BatchCall,
): Promise<BatchItemResponse[]> {
  const failed = new Set<string>();
  const responses: BatchItemResponse[] = [];
  for (const step of steps) {
    const failedDependency = step.dependsOn.find((id) => failed.has(id.toLowerCase()));
    const response =
      failedDependency === undefined
        ? await runStep(step, call)
        : failedDependencyResponse(step.id, failedDependency, call);
    if (response.status >= 400) failed.add(step.id.toLowerCase());
    responses.push(response);
  }
  return responses;
}

async function runStep(step: BatchStep, call: BatchCall): Promise<BatchItemResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.headers)) {
    if (!BATCH_OWNED_HEADERS.has(name)) headers[name] = value;
  }
  const ownClientRequestId = headers['client-request-id'] !== undefined;
  if (!ownClientRequestId && call.clientRequestId !== undefined) {
    headers['client-request-id'] = call.clientRequestId;
  }
  if (call.authorization !== undefined) headers['authorization'] = call.authorization;
  headers['host'] = new URL(call.origin).host;
  headers[BATCH_ITEM_HEADER] = batchItemHeaderValue({ origin: call.origin, ownClientRequestId });
  const response = await call.inject({
    method: step.method as 'GET',
    // Graph's own sample sends `$filter=city eq null`: a raw space is not valid in a request line.
    url: `/${call.version}${step.url.replaceAll(' ', '%20')}`,
    headers,
    ...(step.body === undefined ? {} : { payload: encodeBody(step.body, headers['content-type']) }),
  });
  return itemResponse(step.id, response);
}

/** JSON bodies as JSON; for another content type a string body is base64 (Graph's rule for binary). */
function encodeBody(body: unknown, contentType: string | undefined): string | Buffer {
  if (typeof body === 'string' && !/json/i.test(contentType ?? '')) return Buffer.from(body, 'base64');
  return JSON.stringify(body);
}

function itemResponse(id: string, response: LightMyRequestResponse): BatchItemResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const shown = ITEM_HEADERS[name.toLowerCase()];
    if (shown !== undefined && value !== undefined) headers[shown] = String(value);
  }
  const result: BatchItemResponse = { id, status: response.statusCode, headers };
  if (response.statusCode === 204 || response.rawPayload.length === 0) return result;
  const contentType = headers['Content-Type'] ?? '';
  if (/json/i.test(contentType)) result.body = JSON.parse(response.payload);
  else if (/^text\//i.test(contentType)) result.body = response.payload;
  else result.body = response.rawPayload.toString('base64');
  return result;
}

function failedDependencyResponse(id: string, dependencyId: string, call: BatchCall): BatchItemResponse {
  const error = failedDependencyError(dependencyId);
  const requestId = randomUUID();
  return {
    id,
    status: error.status,
    headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' },
    body: {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          date: graphErrorDate(),
          'request-id': requestId,
          'client-request-id': call.clientRequestId ?? requestId,
        },
      },
    },
  };
}
