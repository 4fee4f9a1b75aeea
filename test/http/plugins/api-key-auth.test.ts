import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../helpers/route-table.js';
import { buildTestService, type InjectedService } from '../../helpers/test-service.js';

const KEY = 'test-api-key-0123456789abcdef';
const OPEN = new Set(['/healthz', '/readyz', '/openapi.json']);

describe('API keys', () => {
  let service: InjectedService;
  let protectedRoutes: Array<{ method: string; url: string }>;

  beforeAll(async () => {
    service = await buildTestService({ env: { API_KEYS: `${KEY},other-key-0123456789abcdef` } });
    service.secrets.add(KEY);
    // Every route the app has, so a new route cannot skip the check unnoticed.
    protectedRoutes = routeTable(service.app)
      .filter(({ method, url }) => method !== 'HEAD' && !OPEN.has(url) && !url.startsWith('/docs'))
      .map(({ method, url }) => ({ method, url: url.replace(/:[A-Za-z]+/g, 'x').replace('*', 'x') }));
  });
  afterAll(() => service.close());

  it('finds the capability routes in the route table', () => {
    expect(protectedRoutes).toContainEqual({ method: 'POST', url: '/capabilities/read-user' });
    expect(protectedRoutes).toContainEqual({ method: 'GET', url: '/capabilities' });
  });

  it('refuses every protected route without a key, with a wrong key, and with a non-bearer scheme', async () => {
    for (const { method, url } of protectedRoutes) {
      const attempts: Array<Record<string, string>> = [
        {},
        { authorization: 'Bearer wrong-key-0123456789abcdef' },
        { authorization: `Basic ${KEY}` },
      ];
      for (const headers of attempts) {
        const response = await service.http(method, url, method === 'GET' ? undefined : {}, headers);
        expect(response.status, `${method} ${url}`).toBe(401);
        expect(response.body.code).toBe('UNAUTHORIZED');
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
    }
  });

  it('lets a valid key through and keeps probes and the explorer open', async () => {
    const read = await service.call(
      'read-user',
      { userId: "o'brien@contoso.onmicrosoft.com" },
      { authorization: `Bearer ${KEY}` },
    );
    expect(read.status).toBe(200);
    // A query string does not change which route it is.
    for (const path of [
      '/healthz',
      '/readyz',
      '/openapi.json',
      '/docs/',
      '/healthz?probe=1',
      '/openapi.json?v=2',
    ]) {
      expect((await service.http('GET', path)).status, path).toBe(200);
    }
  });
});
