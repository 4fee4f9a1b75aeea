import { FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, startTestService, type TestService } from '../../helpers/test-service.js';

interface LogLine {
  msg?: string;
  requestId?: string;
  [field: string]: unknown;
}

/** One access line per request, with what an operator needs to find the call and what Graph did. */
describe('the access log', () => {
  let service: TestService;
  const lines = (): LogLine[] =>
    service.logs
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const linesOf = (requestId: string) =>
    lines().filter((line) => line.requestId === requestId && line.msg === 'request');

  beforeAll(async () => {
    service = await startTestService({ env: { LOG_LEVEL: 'info', GRAPH_RETRY_BASE_DELAY_MS: '5' } });
  });
  afterAll(() => service.close());

  it('writes exactly one line for a capability call: capability, tenant, status, duration, Graph status and retries', async () => {
    const result = await service.call('read-user', { userId: FIXTURE_UPNS.apostrophe });
    expect(result.status).toBe(200);
    const requestId = String(result.headers['x-request-id']);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const written = linesOf(requestId);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      msg: 'request',
      method: 'POST',
      url: '/capabilities/read-user',
      capability: 'read-user',
      tenantId: service.emulator.demo.tenantId,
      status: 200,
      graphStatus: 200,
      graphRetries: 0,
    });
    expect(typeof written[0]!['durationMs']).toBe('number');
    // Fastify's own two lines per request are off.
    expect(
      lines().filter((line) => line.msg === 'incoming request' || line.msg === 'request completed'),
    ).toEqual([]);
  });

  it("counts Graph's retries and reports the last answer", async () => {
    service.emulator.state.faults.arm([
      { method: 'GET', path: '/users/', status: 429, retryAfter: 0.01, count: 1 },
    ]);
    const result = await service.call('read-user', { userId: FIXTURE_UPNS.apostrophe });
    service.emulator.state.faults.clear();
    expect(result.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(linesOf(String(result.headers['x-request-id']))[0]).toMatchObject({
      graphStatus: 200,
      graphRetries: 1,
    });
  });

  it('writes one line for a refused call too, with its problem code, and nothing of what it sent', async () => {
    const password = 'Refused-Call-Password-7';
    service.secrets.add(password);
    const refused = await service.call('create-user', {
      displayName: 'Refused',
      userPrincipalName: 42,
      password,
    });
    const unknown = await service.http('POST', '/capabilities/no-such-capability', {});
    expect([refused.status, unknown.status]).toEqual([400, 404]);
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Its only line: no warn line of its own beside the access line.
    const allLinesOf = (requestId: string) => lines().filter((line) => line.requestId === requestId);
    expect(allLinesOf(String(refused.headers['x-request-id']))).toEqual([
      expect.objectContaining({
        msg: 'request',
        status: 400,
        code: 'VALIDATION_FAILED',
        url: '/capabilities/create-user',
      }),
    ]);
    expect(allLinesOf(String(unknown.headers['x-request-id']))).toEqual([
      expect.objectContaining({ msg: 'request', status: 404, code: 'ROUTE_NOT_FOUND' }),
    ]);
    // close() fails if the password reached any log line.
  });

  it('logs routes outside the capabilities too, with query values blanked', async () => {
    const result = await service.http('GET', '/healthz?api_key=should-not-appear');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [line] = linesOf(String(result.headers['x-request-id']));
    expect(line).toMatchObject({ msg: 'request', method: 'GET', status: 200 });
    expect(String(line!['url'])).not.toContain('should-not-appear');
    expect(line).not.toHaveProperty('capability');
  });
});

describe('the access log at LOG_LEVEL=warn', () => {
  it('writes no access line, and a refused call no line at all', async () => {
    const service = await buildTestService({ env: { LOG_LEVEL: 'warn' } });
    try {
      const answered = await service.http('GET', '/healthz');
      const refused = await service.call('read-user', { userId: 42 });
      expect([answered.status, refused.status]).toEqual([200, 400]);
      expect(service.logs.join('')).toBe('');
    } finally {
      await service.close();
    }
  });
});

describe('the access log through app.inject', () => {
  it('writes one line per call, none of them marked aborted', async () => {
    const service = await buildTestService({ env: { LOG_LEVEL: 'info' } });
    try {
      await service.http('GET', '/healthz');
      await service.call('read-user', { userId: 42 });
      const lines = service.logs
        .join('')
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => JSON.parse(line) as LogLine);
      expect(lines.map((line) => [line['status'], line['aborted']])).toEqual([
        [200, undefined],
        [400, undefined],
      ]);
    } finally {
      await service.close();
    }
  });
});
