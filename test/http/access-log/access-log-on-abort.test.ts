import { setTimeout as delay } from 'node:timers/promises';
import { FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

interface LogLine {
  msg?: string;
  requestId?: string;
  [field: string]: unknown;
}

/**
 * A caller that hangs up before the answer gets none, so Fastify never runs onResponse; the call
 * still ran (and could have changed Graph), so it still has its one line, marked `aborted`.
 */
describe('the access line of a call its client abandoned', () => {
  let service: TestService;
  const linesOf = (requestId: string): LogLine[] =>
    service.logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.requestId === requestId);

  beforeAll(async () => {
    service = await startTestService({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => service.close());

  it('is written once, marked aborted, with its duration and no status (none was sent)', async () => {
    // Graph holds the read long enough for the caller to give up first.
    service.emulator.state.faults.arm([{ method: 'GET', path: '/users/', latencyMs: 300, count: 1 }]);
    const requestId = 'abandoned-call-1';
    const controller = new AbortController();
    const call = request(`${service.url}/capabilities/read-user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ userId: FIXTURE_UPNS.apostrophe }),
      signal: controller.signal,
    });
    await until(() => (service.emulator.state.faults.list()[0]?.hits ?? 0) >= 1);
    controller.abort();
    await expect(call).rejects.toThrow();
    // The call runs on after the hang-up until Graph answers; then it has nobody to answer.
    await until(async () => /graph_calls_total\{method="GET",outcome="200"\} [1-9]/.test(await metrics()));
    await delay(20);
    service.emulator.state.faults.clear();

    expect(linesOf(requestId)).toEqual([
      expect.objectContaining({
        msg: 'request',
        aborted: true,
        capability: 'read-user',
        method: 'POST',
        durationMs: expect.any(Number),
      }),
    ]);
    expect(linesOf(requestId)[0]).not.toHaveProperty('status');
  });

  async function metrics(): Promise<string> {
    const response = await request(`${service.url}/metrics`);
    return response.body.text();
  }
});

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await delay(10);
}
