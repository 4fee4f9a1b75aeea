import { Type } from '@sinclair/typebox';

/** RFC 9457 problem details as this service sends them; the codes are in src/errors/error-catalogue.ts. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable code to branch on, e.g. USER_NOT_FOUND.' }),
    source: Type.Union([
      Type.Literal('request'),
      Type.Literal('service'),
      Type.Literal('identity'),
      Type.Literal('graph'),
    ]),
    requestId: Type.String(),
    hint: Type.Optional(Type.String()),
    graph: Type.Optional(
      Type.Object({
        code: Type.String(),
        message: Type.String(),
        requestId: Type.Optional(Type.String()),
        date: Type.Optional(Type.String()),
      }),
    ),
    identity: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    validValues: Type.Optional(
      Type.Array(Type.String(), { description: 'The names that exist, when a name given matched none.' }),
    ),
    seats: Type.Optional(
      Type.Object(
        {
          skuId: Type.String(),
          skuPartNumber: Type.String(),
          enabled: Type.Integer(),
          consumed: Type.Integer(),
          free: Type.Integer(),
        },
        { description: "The SKU's seats, when none is free." },
      ),
    ),
    groups: Type.Optional(
      Type.Array(Type.Object({ id: Type.String(), displayName: Type.Optional(Type.String()) }), {
        description: 'The groups the problem is about, e.g. those a license is inherited from.',
      }),
    ),
    errors: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
        maxItems: 100,
        description: 'The field problems, at most 100.',
      }),
    ),
    errorsOmitted: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'How many more field problems there were than `errors` lists.',
      }),
    ),
    checks: Type.Optional(
      Type.Record(Type.String(), Type.Boolean(), {
        description: '`/readyz` only: each readiness check and whether it passed.',
      }),
    ),
  },
  { $id: 'Problem', description: 'application/problem+json' },
);

/**
 * Statuses every route can answer, whatever it does: the HTTP request could not be read (400),
 * did not arrive in time (408) or had too large headers (431), or the instance is stopping (503).
 */
export const TRANSPORT_PROBLEM_STATUSES = [400, 408, 431, 503];

/** Statuses every route behind the API keys and the rate limit can answer. */
export const GUARDED_PROBLEM_STATUSES = [...TRANSPORT_PROBLEM_STATUSES, 401, 429];

/** Statuses every capability can answer with, whatever it does. */
export const COMMON_PROBLEM_STATUSES = [...GUARDED_PROBLEM_STATUSES, 403, 413, 415, 502, 504];
