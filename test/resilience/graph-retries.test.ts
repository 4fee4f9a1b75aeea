import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

const USER = "o'brien@contoso.onmicrosoft.com";

describe('retry limits from the environment', () => {
  it('reads GRAPH_MAX_RETRIES and friends, and refuses bad values naming the variable', () => {
    const config = loadConfig({
      GRAPH_MAX_RETRIES: '5',
      GRAPH_MAX_RETRY_WAIT_MS: '1200',
      GRAPH_RETRY_BASE_DELAY_MS: '50',
      GRAPH_RETRY_MAX_DELAY_MS: '400',
    });
    expect(config.graphRetry).toEqual({
      maxRetries: 5,
      maxTotalWaitMs: 1200,
      baseDelayMs: 50,
      maxDelayMs: 400,
    });
    expect(() => loadConfig({ GRAPH_MAX_RETRIES: '-1' })).toThrow(/GRAPH_MAX_RETRIES/);
    expect(() => loadConfig({ GRAPH_TENANT_CONCURRENCY: '0' })).toThrow(/GRAPH_TENANT_CONCURRENCY/);
  });
});

describe('Graph retries against emulator faults', () => {
  let service: TestService;
  const faults = () => service.emulator.state.faults;
  const rule = () => faults().list()[0]!;

  beforeAll(async () => {
    service = await startTestService({
      env: {
        GRAPH_MAX_RETRIES: '2',
        GRAPH_MAX_RETRY_WAIT_MS: '1000',
        GRAPH_RETRY_BASE_DELAY_MS: '5',
        GRAPH_RETRY_MAX_DELAY_MS: '20',
      },
    });
  });
  afterEach(() => {
    faults().clear();
    service.emulator.state.retryTiming.reset();
  });
  afterAll(() => service.close());

  it('retries 429s after their Retry-After and succeeds, never coming back early', async () => {
    faults().arm([{ method: 'GET', path: '/users/', status: 429, retryAfter: 0.03, count: 2 }]);
    const result = await service.call('read-user', { userId: USER });
    expect(result.status).toBe(200);
    expect(rule().hits).toBe(2);
    expect(service.emulator.state.retryTiming.report()).toMatchObject({ retriesSeen: 2, early: 0 });
  });

  it('gives the caller 429 GRAPH_THROTTLED with the upstream Retry-After when the retries run out', async () => {
    faults().arm([{ method: 'GET', path: '/users/', status: 429, retryAfter: 0.02 }]);
    const result = await service.call('read-user', { userId: USER });
    expect(result.status).toBe(429);
    expect(result.body.code).toBe('GRAPH_THROTTLED');
    expect(result.headers['retry-after']).toBe('1'); // 0.02 s, rounded up to whole seconds for HTTP
    expect(rule().hits).toBe(3); // the first attempt and GRAPH_MAX_RETRIES=2 retries
  });

  it('does not retry when Retry-After exceeds the wait budget, and passes it on unchanged', async () => {
    faults().arm([{ method: 'GET', path: '/users/', status: 429, retryAfter: 7 }]);
    const result = await service.call('read-user', { userId: USER });
    expect(result.status).toBe(429);
    expect(result.headers['retry-after']).toBe('7');
    expect(rule().hits).toBe(1);
  });

  it('answers 503 GRAPH_UNAVAILABLE with the upstream Retry-After after retrying a read', async () => {
    faults().arm([{ method: 'GET', path: '/users/', status: 503, retryAfter: 0.01 }]);
    const result = await service.call('read-user', { userId: USER });
    expect(result.status).toBe(503);
    expect(result.body.code).toBe('GRAPH_UNAVAILABLE');
    expect(result.headers['retry-after']).toBe('1');
    expect(rule().hits).toBe(3);
  });

  it('answers 504 GRAPH_TIMEOUT without Retry-After once 504s outlast the retries', async () => {
    faults().arm([{ method: 'GET', path: '/users/', status: 504 }]);
    const result = await service.call('read-user', { userId: USER });
    expect(result.status).toBe(504);
    expect(result.body.code).toBe('GRAPH_TIMEOUT');
    expect(result.headers['retry-after']).toBeUndefined();
    expect(rule().hits).toBe(3);
  });

  it('retries a create after a 429 (Graph did not apply it) and creates the user once', async () => {
    faults().arm([{ method: 'POST', path: '/users', status: 429, retryAfter: 0.02, count: 1 }]);
    const upn = 'retried-create@contoso.onmicrosoft.com';
    const result = await service.call('create-user', createBody(upn));
    expect(result.status).toBe(200);
    expect(rule().hits).toBe(1);
    expect(service.emulator.state.retryTiming.report().early).toBe(0);
    expect(service.emulator.state.getUser(service.emulator.demo.tenantId, upn)).toBeDefined();
  });

  it('does not retry a create after a 503 or a dropped connection (Graph may have applied it)', async () => {
    faults().arm([{ method: 'POST', path: '/users', status: 503, retryAfter: 0.01, count: 1 }]);
    const unavailable = await service.call('create-user', createBody('no-retry-503@contoso.onmicrosoft.com'));
    expect(unavailable.status).toBe(503);
    expect(rule().hits).toBe(1);
    expect(rule().matched).toBe(1);

    faults().clear();
    faults().arm([{ method: 'POST', path: '/users', drop: 'after', count: 1 }]);
    const upn = 'dropped-create@contoso.onmicrosoft.com';
    const dropped = await service.call('create-user', createBody(upn));
    expect(rule().matched).toBe(1); // no second create, so no duplicate
    const created = service.emulator.state.getUser(service.emulator.demo.tenantId, upn);
    expect(created).toBeDefined();
    // The lost answer is learned by looking the UPN up (create-user-recovery.test.ts).
    expect(dropped.status).toBe(200);
    expect(dropped.body.output).toMatchObject({ recovered: true, rawResponse: { userPrincipalName: upn } });
  });

  it("adds a member at most twice after a 503 or a dropped connection: the capability's one re-send, never the client's retries", async () => {
    const groupId = DEMO_GROUP_IDS.projectFalcon;
    const add = () => service.call('add-user-to-group', { userId: FIXTURE_IDS.dollar, groupId });
    const members = () =>
      service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!.groups.find(groupId)!.members;
    faults().arm([
      { method: 'POST', path: `/groups/${groupId}/members/$ref`, status: 503, retryAfter: 0.01, count: 5 },
    ]);
    const unavailable = await add();
    expect(unavailable.status).toBe(503);
    // The capability sends the addition once more to learn its outcome (member-lost-answer.test.ts);
    // the Graph client, retrying a POST it took for idempotent, would have sent it up to its retry limit.
    expect(rule().matched).toBe(2);
    expect(members().has(FIXTURE_IDS.dollar)).toBe(false);

    faults().clear();
    faults().arm([{ method: 'POST', path: `/groups/${groupId}/members/$ref`, drop: 'after', count: 1 }]);
    const dropped = await add();
    expect(rule().matched).toBe(2);
    expect(members().has(FIXTURE_IDS.dollar)).toBe(true);
    // The second answer's "already exist" is the first one's success, not a 409 ALREADY_A_MEMBER.
    expect(dropped.status).toBe(200);
    expect(dropped.body.output).toMatchObject({ changed: true });
  });

  it('takes a fresh token once after a 401 for an expired token', async () => {
    const before = service.emulator.state.tokenRequests();
    faults().arm([{ method: 'GET', path: '/users/', status: '401-expired', count: 1 }]);
    const result = await service.call('read-user', { userId: USER });
    expect(result.status).toBe(200);
    expect(service.emulator.state.tokenRequests()).toBe(before + 1);
  });
});

function createBody(upn: string) {
  return {
    createUserAccountEnabled: true,
    createUserDisplayName: 'Retry Test',
    createUserMailNickname: upn.split('@')[0],
    createUserPrincipalName: upn,
    createUserPassword: 'Str0ng!Passw0rd',
  };
}
