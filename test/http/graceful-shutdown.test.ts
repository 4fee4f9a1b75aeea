import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { GraphCaller, GraphRequest } from '../../src/graph/graph-request.js';
import { startTestService } from '../helpers/test-service.js';

/** A Graph stand-in that answers after a pause, so requests are in flight when the app closes. */
function slowGraph(pauseMs: number): GraphCaller & { started: number } {
  return {
    started: 0,
    cloud: { graphBaseUrl: 'http://127.0.0.1:9', authorityHost: 'http://127.0.0.1:9' },
    async send<T>(request: GraphRequest) {
      this.started += 1;
      await delay(pauseMs);
      return { status: 200, headers: {}, body: { id: request.path, displayName: 'Slow' } as T };
    },
  };
}

describe('graceful shutdown', () => {
  it('lets in-flight calls finish, then refuses new ones while closing', async () => {
    const graph = slowGraph(1_500);
    const service = await startTestService({ dependencies: { graph } });
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      service.call('read-user', { userId: `user${i}@contoso.onmicrosoft.com` }),
    );
    while (graph.started < 20) await delay(10);

    let closed = false;
    const closing = service.close().then(() => {
      closed = true;
    });
    while (service.app.server.listening) await delay(5);
    // The late call goes out while the 20 calls are still running and the service is still closing.
    const late = await service.call('read-user', { userId: 'late@contoso.onmicrosoft.com' }).then(
      (result) => result.status,
      () => 'refused' as const,
    );
    expect(closed).toBe(false);
    expect([503, 'refused']).toContain(late);
    expect(graph.started).toBe(20); // the late call never reached Graph

    const results = await Promise.all(inFlight);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.body.output.rawResponse.displayName).toBe('Slow');
    }
    await closing;
  });
});
