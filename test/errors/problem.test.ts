import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/errors/error-catalogue.js';
import { badRequest, problem } from '../../src/errors/problem.js';

describe('problem()', () => {
  it("takes status, title, source and hint from the code's catalogue entry", () => {
    const made = problem('USAGE_LOCATION_REQUIRED', 'Graph said so.');
    const entry = ERROR_CATALOGUE.USAGE_LOCATION_REQUIRED;
    expect(made).toMatchObject({
      status: entry.status,
      code: 'USAGE_LOCATION_REQUIRED',
      title: entry.title,
      detail: 'Graph said so.',
      source: entry.source,
      extra: { hint: entry.hint },
    });
  });

  it('lets a call site give a more specific hint, and sends none when the code has none', () => {
    expect(problem('GROUP_MEMBERSHIP_READ_ONLY', 'd', { hint: 'Change it in Exchange.' }).extra.hint).toBe(
      'Change it in Exchange.',
    );
    expect(problem('USER_NOT_FOUND', 'd').extra).toEqual({});
  });

  it("passes another party's status on only for the codes that say so", () => {
    expect(problem('GRAPH_REQUEST_FAILED', 'd', { status: 409 }).status).toBe(409);
    expect(problem('IDENTITY_ERROR', 'd', { status: 502 }).status).toBe(502);
    // @ts-expect-error a fixed-status code takes no status from its call site
    expect(problem('USER_NOT_FOUND', 'd', { status: 500 }).status).toBe(404);
    // @ts-expect-error a pass-through code must be given its status
    problem('GRAPH_REQUEST_FAILED', 'd');
  });

  it('does not compile for a code missing from the catalogue', () => {
    // @ts-expect-error not a catalogue code: a typo fails `npm run typecheck`
    expect(() => problem('USER_NOT_FOUNDD', 'd')).toThrow();
    // @ts-expect-error badRequest only answers 400 request codes
    badRequest('USER_NOT_FOUND', 'd');
  });

  it('keeps field problems on a bad request', () => {
    const errors = [{ path: '/userId', message: 'is required' }];
    expect(badRequest('VALIDATION_FAILED', 'Invalid fields: /userId', errors)).toMatchObject({
      status: 400,
      title: 'Invalid request',
      source: 'request',
      extra: { errors },
    });
  });
});
