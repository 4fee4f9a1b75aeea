import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

/** Polls until `check` holds (bounded): the test waits for an event, never for a fixed time. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await delay(25);
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('the default delta mode commits only what reached the caller', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('a caller that gives up mid-call does not move the cursor: the next call gets the same users', async () => {
    const syncKey = 'gave-up';
    // Pages of 10 with every delta page held back: the call is still waiting for Graph when the
    // caller leaves, however slow the machine.
    service.emulator.state.delta.update({ pageSize: 10 });
    service.emulator.state.faults.arm([{ path: '/users/delta', latencyMs: 400 }]);
    const requestId = 'delta-gave-up-0001';
    const graphBefore = service.emulator.state.graphRequests;
    const abort = new AbortController();
    const abandoned = request(`${service.url}/capabilities/query-user-changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ userQuery: '$select=displayName', syncKey }),
      signal: abort.signal,
    }).catch((error: Error) => error);
    await eventually(() => service.emulator.state.graphRequests > graphBefore, 'the call reached Graph');
    abort.abort();
    expect(await abandoned).toBeInstanceOf(Error);

    // The service finishes the walk on its own; wait until it either wrote to the departed caller
    // (and said it did not commit) or committed anyway.
    const saidNotCommitted = () =>
      service.logs.some((line) => line.includes(requestId) && line.includes('sync cursor not advanced'));
    await eventually(
      async () =>
        saidNotCommitted() || (await service.http('GET', `/sync-cursors/${syncKey}`)).status === 200,
      'the abandoned call ended',
    );
    service.emulator.state.faults.clear();

    expect((await service.http('GET', `/sync-cursors/${syncKey}`)).status).toBe(404);
    const retried = await service.call('query-user-changes', { userQuery: '$select=displayName', syncKey });
    expect(retried.status).toBe(200);
    expect(retried.body.output.rawResponse.value.length).toBeGreaterThanOrEqual(30);
    expect(retried.body.output).toMatchObject({ committed: true, cursorVersion: 1 });
    // Delivered in full this time, so the cursor moved: nothing is left to send.
    await eventually(
      async () => (await service.http('GET', `/sync-cursors/${syncKey}`)).status === 200,
      'the delivered answer was committed',
    );
    const idle = await service.call('query-user-changes', { syncKey });
    expect(idle.body.output.rawResponse.value).toEqual([]);
    service.emulator.state.delta.update({ pageSize: 100 });
  });
});
