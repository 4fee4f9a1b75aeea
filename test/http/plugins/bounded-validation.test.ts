import { describe, expect, it } from 'vitest';
import { removeUserFromGroup } from '../../../src/capabilities/groups/remove-user-from-group.js';
import { readUser } from '../../../src/capabilities/users/read-user.js';
import {
  ALL_ERRORS_NODE_LIMIT,
  boundedValidatorFactory,
  holdsMoreValuesThan,
} from '../../../src/http/plugins/bounded-validation.js';

type Check = ((data: unknown) => boolean) & { errors?: unknown[] | null };

const validatorFor = (schema: object) =>
  boundedValidatorFactory()({}, {})({
    schema,
    method: 'POST',
    url: '/x',
    httpPart: 'body',
  }) as unknown as Check;

/** The fastest of three runs, in milliseconds. */
function fastest(run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('boundedValidatorFactory', () => {
  it('lists every problem of an ordinary body', () => {
    const validate = validatorFor(readUser.input);
    expect(validate({ userId: 42, select: [1, 'ok'], extra: true })).toBe(false);
    expect((validate.errors ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('stops at the first problem of a body too large to list, at less than the cost of parsing it', () => {
    const validate = validatorFor(readUser.input);
    const text = `{"userId":"a@b.com","select":[${Array(300_000).fill('1').join(',')}]}`;
    const body = JSON.parse(text);
    expect(validate(body)).toBe(false);
    // Listing them all made 300,001 errors and took longer than parsing the body many times over.
    expect(validate.errors).toHaveLength(1);
    expect(fastest(() => validate(body))).toBeLessThan(fastest(() => JSON.parse(text)));
  });

  it('applies schema defaults to a valid body', () => {
    const validate = validatorFor(removeUserFromGroup.input);
    const body = { userId: 'a@b.com', groupId: '0b2b7c5b-4eb2-4c7b-a94b-bea34ac31c30' };
    expect(validate(body)).toBe(true);
    expect(body).toMatchObject({ ifNotMember: 'fail' });
  });
});

describe('holdsMoreValuesThan', () => {
  it('counts nested values and stops at the limit', () => {
    expect(holdsMoreValuesThan({ a: [1, 2], b: { c: null } }, 6)).toBe(false);
    expect(holdsMoreValuesThan({ a: [1, 2], b: { c: null } }, 5)).toBe(true);
    expect(holdsMoreValuesThan(Array(ALL_ERRORS_NODE_LIMIT + 1).fill(0), ALL_ERRORS_NODE_LIMIT)).toBe(true);
  });

  it('walks deep nesting without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(holdsMoreValuesThan(deep, 300_000)).toBe(false);
  });
});
