/**
 * The calls an OpenAPI document shows a reader: every operation with its request-body example and
 * its path parameters' examples filled in, as the explorer's "Try it out" pre-fills them.
 */

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is read ad hoc here
type Json = any;

export interface DocumentedCall {
  operationId: string;
  method: string;
  /** The path with every path parameter replaced by its documented example. */
  path: string;
  body?: unknown;
}

const METHODS = ['put', 'post', 'get', 'delete', 'patch'] as const;

/**
 * Operations that read what only an earlier call of the reader's own creates (a workflow run's
 * generated id), so no example in the document can name it; test/workflows/ covers them. Any
 * other operation without examples still fails the tests that use this.
 */
const NEED_AN_EARLIER_CALL = new Set(['getWorkflowRun', 'listWorkflowRuns', 'resumeWorkflowRun']);

/**
 * Writes before the reads that need them, removals last: a PUT creates what a GET then reads and
 * a DELETE finally removes; within one method, the document's order.
 */
const METHOD_RANK: Record<string, number> = { put: 0, post: 1, patch: 1, get: 2, delete: 3 };

export function documentedCalls(document: Json): DocumentedCall[] {
  const calls: Array<DocumentedCall & { rank: number; index: number }> = [];
  for (const [template, item] of Object.entries<Json>(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation || NEED_AN_EARLIER_CALL.has(operation.operationId)) continue;
      const path = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
        const parameter = (operation.parameters ?? []).find((p: Json) => p.in === 'path' && p.name === name);
        const example = parameter?.example ?? parameter?.schema?.example;
        if (example === undefined) {
          throw new Error(`${operation.operationId}: path parameter ${name} has no example`);
        }
        return encodeURIComponent(String(example));
      });
      const media = operation.requestBody?.content?.['application/json'];
      const body = media ? (media.example ?? firstNamedExample(media.examples)) : undefined;
      if (media && body === undefined)
        throw new Error(`${operation.operationId}: request body has no example`);
      calls.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        ...(body === undefined ? {} : { body }),
        rank: METHOD_RANK[method] ?? 1,
        index: calls.length,
      });
    }
  }
  return calls
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ rank: _rank, index: _index, ...call }) => call);
}

function firstNamedExample(examples: Json): unknown {
  const first = examples ? Object.values<Json>(examples)[0] : undefined;
  return first?.value;
}
