import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

/**
 * A create is sent once (a second would conflict or duplicate). When its answer is lost, the
 * service learns the outcome by looking the UPN up, and reports the create as done only when the
 * user it finds is the one this request created.
 */
describe('create-user when the answer to the create is lost', () => {
  let service: TestService;
  const state = () => service.emulator.state;
  const tenantId = () => service.emulator.demo.tenantId;
  const createRule = () =>
    state()
      .faults.list()
      .find((rule) => rule.method === 'POST')!;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterEach(() => {
    state().faults.clear();
    state().replicationLag.update({ lagMs: 0 });
  });
  afterAll(() => service.close());

  it('reports the user Graph created (recovered: true) when the connection dropped after the create', async () => {
    const upn = 'recovered-after-drop@contoso.onmicrosoft.com';
    state().faults.arm([{ method: 'POST', path: '/users', drop: 'after', count: 1 }]);

    const result = await service.call('create-user', createBody(upn, 'recovered-after-drop'));

    expect(createRule().matched).toBe(1); // one create sent: no duplicate
    expect(result.status).toBe(200);
    const created = state().getUser(tenantId(), upn)!;
    expect(result.body.output).toMatchObject({
      recovered: true,
      statusCode: 200,
      rawResponse: { id: created['id'], userPrincipalName: upn, mailNickname: 'recovered-after-drop' },
    });
  });

  it('finds the user through replication lag (the first lookups answer 404)', async () => {
    const upn = 'recovered-through-lag@contoso.onmicrosoft.com';
    state().replicationLag.update({ lagMs: 500 });
    state().faults.arm([{ method: 'POST', path: '/users', drop: 'after', count: 1 }]);

    const result = await service.call('create-user', createBody(upn, 'recovered-through-lag'));

    expect(result.status).toBe(200);
    expect(result.body.output.recovered).toBe(true);
  });

  it('answers GRAPH_UNREACHABLE when the create never reached Graph (nothing to find)', async () => {
    const upn = 'never-created@contoso.onmicrosoft.com';
    state().faults.arm([{ method: 'POST', path: '/users', drop: 'before', count: 1 }]);

    const result = await service.call('create-user', createBody(upn, 'never-created'));

    expect(result.status).toBe(502);
    expect(result.body.code).toBe('GRAPH_UNREACHABLE');
    expect(state().getUser(tenantId(), upn)).toBeUndefined();
  });

  it('does not claim a user someone else holds under that UPN', async () => {
    const upn = 'already-there@contoso.onmicrosoft.com';
    const first = await service.call('create-user', createBody(upn, 'already-there'));
    expect(first.status).toBe(200);
    state().faults.arm([{ method: 'POST', path: '/users', drop: 'before', count: 1 }]);

    // Same UPN, another alias: the user found is not the one this request would have created.
    const result = await service.call('create-user', createBody(upn, 'someone-else'));

    expect(result.status).toBe(502);
    expect(result.body.code).toBe('GRAPH_UNREACHABLE');
  });

  it("passes on a 503 from Graph when the lookup finds no such user, looking only after the 503's Retry-After", async () => {
    const upn = 'unavailable-create@contoso.onmicrosoft.com';
    state().retryTiming.reset();
    state().faults.arm([{ method: 'POST', path: '/users', status: 503, retryAfter: 0.3, count: 1 }]);

    const result = await service.call('create-user', createBody(upn, 'unavailable-create'));

    expect(result.status).toBe(503);
    expect(result.body.code).toBe('GRAPH_UNAVAILABLE');
    // The lookup carries the create's client-request-id, so the emulator measures it as a retry.
    expect(state().retryTiming.report()).toMatchObject({ retriesSeen: 1, early: 0 });
  });
});

function createBody(upn: string, mailNickname: string) {
  return {
    createUserAccountEnabled: true,
    createUserDisplayName: 'Recovery Test',
    createUserMailNickname: mailNickname,
    createUserPrincipalName: upn,
    createUserPassword: 'Str0ng!Passw0rd-recovery',
  };
}
