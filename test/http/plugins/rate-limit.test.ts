import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, type InjectedService } from '../../helpers/test-service.js';

const KEY_A = 'rate-limit-key-a-0123456789';
const KEY_B = 'rate-limit-key-b-0123456789';
const LIMIT = 3;

describe('per-key rate limit', () => {
  let service: InjectedService;

  beforeAll(async () => {
    service = await buildTestService({
      env: { API_KEYS: `${KEY_A},${KEY_B}`, RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    });
    service.secrets.add(KEY_A).add(KEY_B);
  });
  afterAll(() => service.close());

  const list = (key: string) =>
    service.http('GET', '/capabilities', undefined, { authorization: `Bearer ${key}` });

  it('answers 429 RATE_LIMITED with Retry-After once a key used its budget, and counts keys apart', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const ok = await list(KEY_A);
      expect(ok.status).toBe(200);
      expect(ok.headers['ratelimit-remaining']).toBe(String(LIMIT - 1 - i));
    }
    const limited = await list(KEY_A);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED', status: 429, source: 'request' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await list(KEY_B)).status).toBe(200);
  });

  it('makes wrong keys share their address budget, so guessing is limited too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      const guess = `guess-${i}-0123456789abcdef`;
      service.secrets.add(guess); // a refused key is never logged either
      statuses.push((await list(guess)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('never limits the probes', async () => {
    for (let i = 0; i < LIMIT + 2; i++) {
      expect((await service.http('GET', i % 2 === 0 ? '/healthz' : '/healthz?probe=1')).status).toBe(200);
    }
  });
});

describe('rate limit off', () => {
  it('lets any number of requests through with RATE_LIMIT_PER_MINUTE=0', async () => {
    const service = await buildTestService({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    try {
      for (let i = 0; i < 5; i++) {
        const response = await service.http('GET', '/capabilities');
        expect(response.status).toBe(200);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await service.close();
    }
  });
});
