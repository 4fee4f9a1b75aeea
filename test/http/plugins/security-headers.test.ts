import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, type InjectedService } from '../../helpers/test-service.js';

/** `name value; name value` into a map. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  let service: InjectedService;

  beforeAll(async () => {
    service = await buildTestService();
  });
  afterAll(() => service.close());

  it('serves the explorer with a CSP that allows only its own same-origin assets', async () => {
    const page = await service.http('GET', '/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = directives(String(page.headers['content-security-policy']));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    // The policy fits the page: every script is an external same-origin file (no inline code, no
    // other origin), so script-src 'self' loses nothing.
    const html = String(page.body);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      const src = /src="([^"]+)"/.exec(attributes)?.[1];
      expect(src, attributes).toBeDefined();
      expect(src).not.toMatch(/^(?:[a-z]+:)?\/\//i);
      const asset = await service.http('GET', new URL(src!, 'http://service.invalid/docs/').pathname);
      expect(asset.status, src).toBe(200);
      expect(asset.headers['content-security-policy']).toBeDefined();
    }
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
  });

  it('gives API answers a policy that allows nothing, errors included', async () => {
    for (const response of [
      await service.http('GET', '/healthz'),
      await service.http('GET', '/no-such-route'),
      await service.call('read-user', { userId: 'x' }),
    ]) {
      const csp = directives(String(response.headers['content-security-policy']));
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
