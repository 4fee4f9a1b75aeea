import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/capabilities/registry.js';
import { buildTestService, type InjectedService } from '../helpers/test-service.js';

const RUNS_PER_CAPABILITY = 60;

/** Values that tend to reach deep: plausible ids and UPNs, paths, methods, and arbitrary JSON. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uuid(),
  fc.string({ maxLength: 12 }).map((local) => `${local}@contoso.onmicrosoft.com`),
  fc.constantFrom(
    '/users',
    '/users/$count',
    '/..',
    '//x',
    'GET',
    'POST',
    'DELETE',
    'PATCH',
    '',
    null,
    true,
    0,
  ),
  fc.array(fc.record({ key: fc.string({ maxLength: 10 }), value: fc.string({ maxLength: 10 }) }), {
    maxLength: 3,
  }),
);

describe('random bodies never produce a 5xx', () => {
  let service: InjectedService;
  /** Client secrets the property generated; close() scans the logs for each. */
  const generatedSecrets = new Set<string>();

  beforeAll(async () => {
    // The limit is tested elsewhere; here a 429 would hide what the capability does.
    service = await buildTestService({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(async () => {
    for (const secret of generatedSecrets) service.secrets.add(secret);
    await service.close();
  });

  const secret = fc
    .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 })
    .map((hex) => {
      const generated = `prop-secret-${hex}`;
      generatedSecrets.add(generated);
      return generated;
    });

  for (const capability of CAPABILITIES) {
    const fields = Object.keys(capability.input.properties ?? {});
    const required: string[] = capability.input.required ?? [];
    const body = fc.oneof(
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      {
        weight: 4,
        // Required fields always present (so more bodies get past validation into the capability).
        arbitrary: fc
          .tuple(
            fc.record(Object.fromEntries(required.map((field) => [field, value]))),
            fc.dictionary(fc.constantFrom(...fields, 'unknownField'), value, { maxKeys: 4 }),
          )
          .map(([base, extra]) => ({ ...base, ...extra }))
          .chain((partial) =>
            'clientSecret' in partial
              ? secret.map((s) => ({ ...partial, clientSecret: s }))
              : fc.constant(partial),
          ),
      },
    );

    it(`${capability.id}: ${RUNS_PER_CAPABILITY} random bodies, every answer below 500 and problem+json when not 200`, async () => {
      await fc.assert(
        fc.asyncProperty(body, async (input) => {
          const response = await service.call(capability.id, input);
          expect(response.status, JSON.stringify(input)).toBeLessThan(500);

          if (response.status !== 200) {
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
            expect(typeof response.body.code).toBe('string');
          }
        }),
        { numRuns: RUNS_PER_CAPABILITY },
      );
    });
  }
});
