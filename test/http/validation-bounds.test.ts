import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, type InjectedService } from '../helpers/test-service.js';

const USER = 'adele.vance@contoso.onmicrosoft.com';

/** The answer and its size as sent. */
async function sizedCall(service: InjectedService, capability: string, body: string) {
  const response = await service.call(capability, body);
  return { response, bytes: JSON.stringify(response.body).length };
}

describe('a hostile body costs little to refuse and gets a small answer', () => {
  let service: InjectedService;
  beforeAll(async () => {
    service = await buildTestService();
  });
  afterAll(() => service.close());

  it('refuses 300,000 bad array items (a 600 KB body) quickly, with a short answer', async () => {
    const body = `{"userId":"${USER}","select":[${Array(300_000).fill('1').join(',')}]}`;
    expect(body.length).toBeGreaterThan(600_000);
    const { response, bytes } = await sizedCall(service, 'read-user', body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain('/select');
    // Listing every item gave a 20 MB answer after seconds of event loop; the cost of refusing is
    // measured in test/http/plugins/bounded-validation.test.ts.
    expect(bytes).toBeLessThan(16_384);
  });

  it('lists at most 100 problems and says how many more there were', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknownField${i}`, i]));
    const { response, bytes } = await sizedCall(
      service,
      'read-user',
      JSON.stringify({ userId: USER, ...unknown }),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveLength(100);
    expect(response.body.errors[0]).toEqual({ path: '/unknownField0', message: 'is not a known field' });
    expect(response.body.errorsOmitted).toBe(400);
    expect(response.body.detail.length).toBeLessThanOrEqual(300);
    // The detail names the first fields that fit one line and counts the rest (of all 500).
    const [, named, more] = /^Invalid fields: (.+) and (\d+) more$/.exec(response.body.detail) ?? [];
    expect(named!.split(', ').length + Number(more)).toBe(500);
    expect(bytes).toBeLessThan(16_384);
  });

  it('shortens a huge field name instead of echoing it', async () => {
    const name = 'k'.repeat(200_000);
    const { response, bytes } = await sizedCall(
      service,
      'read-user',
      JSON.stringify({ userId: USER, [name]: 1 }),
    );
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path.length).toBeLessThanOrEqual(200);
    expect(response.body.errors[0].path.startsWith('/kkkk')).toBe(true);
    expect(bytes).toBeLessThan(4_096);
  });

  it('still names every missing or bad field of an ordinary body', async () => {
    const response = await service.call('read-user', { userId: 42, select: [1, 'ok'], extra: true });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/extra',
      '/select/0',
      '/userId',
    ]);
    expect(response.body.errorsOmitted).toBeUndefined();
  });
});
