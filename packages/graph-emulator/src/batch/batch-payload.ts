// Reads the body of `POST /$batch` into the steps to run, refusing a malformed batch as a whole
// (Graph answers 400 and runs nothing): at most 20 requests, each with a unique `id` (ids compare
// case-insensitively), a `method`, a `url` relative to the version root, `headers` (with a
// Content-Type when there is a `body`) and `dependsOn` naming requests earlier in the batch.
// https://learn.microsoft.com/graph/json-batching

import { batchErrors, MAX_BATCH_REQUESTS } from './batch-errors.js';

export interface BatchStep {
  id: string;
  method: string;
  /** Relative to the version root, always starting with `/` (Graph accepts `users?...` too). */
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Absent when the request has no body. */
  body?: unknown;
  /** Ids (as the batch spells them) of the requests this one waits for. */
  dependsOn: string[];
}

const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

export function readBatchPayload(payload: unknown): BatchStep[] {
  if (!isObject(payload) || !Array.isArray(payload['requests'])) throw batchErrors.invalidPayload();
  const requests: unknown[] = payload['requests'];
  if (requests.length === 0) throw batchErrors.emptyBatch();
  if (requests.length > MAX_BATCH_REQUESTS) throw batchErrors.tooManyRequests(requests.length);
  const seen = new Set<string>();
  const steps: BatchStep[] = [];
  for (const request of requests) {
    const step = readStep(request, seen);
    seen.add(step.id.toLowerCase());
    steps.push(step);
  }
  return steps;
}

/** `earlier` holds the lower-cased ids of the requests before this one. */
function readStep(request: unknown, earlier: ReadonlySet<string>): BatchStep {
  if (!isObject(request)) throw batchErrors.invalidPayload();
  const id = request['id'];
  if (typeof id !== 'string' || id.trim() === '') throw batchErrors.missingId();
  if (earlier.has(id.toLowerCase())) throw batchErrors.duplicateId(id);
  const method = request['method'];
  if (typeof method !== 'string' || method === '') throw batchErrors.missingProperty(id, 'method');
  if (!METHODS.has(method.toUpperCase())) throw batchErrors.unsupportedMethod(id, method);
  const url = readUrl(id, request['url']);
  const headers = readHeaders(id, request['headers']);
  const hasBody = request['body'] !== undefined;
  if (hasBody && headers['content-type'] === undefined) throw batchErrors.bodyWithoutContentType(id);
  return {
    id,
    method: method.toUpperCase(),
    url,
    headers,
    ...(hasBody ? { body: request['body'] } : {}),
    dependsOn: readDependsOn(id, request['dependsOn'], earlier),
  };
}

function readUrl(id: string, url: unknown): string {
  if (typeof url !== 'string' || url.trim() === '') throw batchErrors.missingProperty(id, 'url');
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) throw batchErrors.absoluteUrl(id);
  const relative = url.startsWith('/') ? url : `/${url}`;
  const firstSegment = relative.slice(1).split(/[/?]/, 1)[0] ?? '';
  if (/^(\$|%24)batch$/i.test(firstSegment)) throw batchErrors.nestedBatch(id);
  return relative;
}

function readHeaders(id: string, headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (!isObject(headers)) throw batchErrors.invalidHeaders(id);
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw batchErrors.invalidHeaders(id);
    result[name.toLowerCase()] = value;
  }
  return result;
}

function readDependsOn(id: string, dependsOn: unknown, earlier: ReadonlySet<string>): string[] {
  if (dependsOn === undefined) return [];
  if (!Array.isArray(dependsOn)) throw batchErrors.invalidDependency(id);
  for (const dependency of dependsOn) {
    if (typeof dependency !== 'string' || !earlier.has(dependency.toLowerCase())) {
      throw batchErrors.invalidDependency(id);
    }
  }
  return dependsOn as string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
