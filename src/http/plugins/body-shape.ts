/**
 * What no JSON schema here can say about a body, checked before validation on every route: it
 * nests at most MAX_BODY_DEPTH levels, and every string and field name is well-formed UTF-16.
 * JSON.parse accepts both `[[[...]]]` 200,000 levels deep and `"\ud800"`, but the first makes
 * JSON.stringify overflow the stack when the body is sent on to Graph, and the second makes
 * encodeURIComponent throw when a value is put in a URL: 500s for what is the caller's mistake.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../errors/problem.js';
import type { FieldProblem } from '../../errors/service-error.js';

/** Far beyond any Graph resource (a few levels), far below what JSON.stringify's stack can take. */
export const MAX_BODY_DEPTH = 64;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SURROGATE_MESSAGE = 'contains a lone UTF-16 surrogate (e.g. "\\ud800"), which is not a character';

export function registerBodyShapeCheck(app: FastifyInstance): void {
  // Callback style: the check is synchronous, and an async hook costs every request a promise.
  app.addHook('preValidation', (request, _reply, done) => {
    const problem = bodyShapeProblem(request.body);
    done(problem ? badRequest('VALIDATION_FAILED', `Invalid fields: ${problem.path}`, [problem]) : undefined);
  });
}

interface Frame {
  value: object;
  depth: number;
  parent?: Frame;
  key?: string;
}

/** The first field of `body` that nests too deep or holds a lone surrogate; iterative, so any depth is safe. */
export function bodyShapeProblem(body: unknown): FieldProblem | undefined {
  if (typeof body === 'string')
    return LONE_SURROGATE.test(body) ? { path: '/', message: SURROGATE_MESSAGE } : undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const pending: Frame[] = [{ value: body, depth: 1 }];
  while (pending.length > 0) {
    const frame = pending.pop()!;
    if (frame.depth > MAX_BODY_DEPTH) {
      return { path: topLevelPath(frame), message: `nests deeper than ${MAX_BODY_DEPTH} levels` };
    }
    const entries: Array<[string, unknown]> = Array.isArray(frame.value)
      ? frame.value.map((item, index) => [String(index), item])
      : Object.entries(frame.value);
    for (const [key, child] of entries) {
      if (LONE_SURROGATE.test(key))
        return { path: pathOf(frame), message: `has a field name that ${SURROGATE_MESSAGE}` };
      if (typeof child === 'string') {
        if (LONE_SURROGATE.test(child)) return { path: pathOf(frame, key), message: SURROGATE_MESSAGE };
      } else if (typeof child === 'object' && child !== null) {
        pending.push({ value: child, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return undefined;
}

/** The JSON pointer of a frame, or of its field `last`, e.g. `/customQueryParams/0/value`. */
function pathOf(frame: Frame | undefined, last?: string): string {
  const keys = last === undefined ? [] : [last];
  for (let at = frame; at?.key !== undefined; at = at.parent) keys.push(at.key);
  if (keys.length === 0) return '/';
  return `/${keys
    .reverse()
    .map((key) => key.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/')}`;
}

/** For nesting, the body field it starts in (`/bodyData`): the full path would be as long as the nesting. */
function topLevelPath(frame: Frame): string {
  let at = frame;
  while (at.parent?.key !== undefined) at = at.parent;
  return pathOf(undefined, at.key);
}
