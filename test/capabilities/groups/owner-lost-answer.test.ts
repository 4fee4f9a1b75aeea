import { DEMO_GROUP_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

/**
 * An owner addition is sent once (a second would answer "already exists"). When its answer is
 * lost, the owners are read: the addition is reported done only if the user is an owner now.
 */
describe('add-group-owner when the answer is lost', () => {
  let service: TestService;
  const state = () => service.emulator.state;
  const tenant = () => state().resolveTenant(service.emulator.demo.tenantId)!;
  const groupId = DEMO_GROUP_IDS.projectFalcon;
  const ownerPost = () =>
    state()
      .faults.list()
      .find((rule) => rule.method === 'POST')!;
  const user = (index: number) => [...tenant().activeUsersAfter(10)][index]!.props;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterEach(() => state().faults.clear());
  afterAll(() => service.close());

  it('reports the addition (changed: true) when the connection dropped after Graph made it', async () => {
    const newOwner = user(0);
    state().faults.arm([{ method: 'POST', path: `/groups/${groupId}/owners/$ref`, drop: 'after', count: 1 }]);

    const answer = await service.call('add-group-owner', { userId: newOwner.id, groupId });

    expect(ownerPost().matched).toBe(1); // sent once
    expect(tenant().groups.find(groupId)!.owners.has(newOwner.id)).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.body.output).toMatchObject({ rawResponse: { ok: true }, changed: true });
  });

  it('keeps GRAPH_UNREACHABLE when the addition never reached Graph', async () => {
    const notOwner = user(1);
    state().faults.arm([
      { method: 'POST', path: `/groups/${groupId}/owners/$ref`, drop: 'before', count: 1 },
    ]);

    const answer = await service.call('add-group-owner', { userId: notOwner.id, groupId });

    expect(answer.status).toBe(502);
    expect(answer.body.code).toBe('GRAPH_UNREACHABLE');
    expect(tenant().groups.find(groupId)!.owners.has(notOwner.id)).toBe(false);
  });

  it("reads the owners only after a 503's Retry-After", async () => {
    const notOwner = user(2);
    state().retryTiming.reset();
    state().faults.arm([
      { method: 'POST', path: `/groups/${groupId}/owners/$ref`, status: 503, retryAfter: 0.3, count: 1 },
    ]);

    const answer = await service.call('add-group-owner', { userId: notOwner.id, groupId });

    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('GRAPH_UNAVAILABLE');
    expect(state().retryTiming.report()).toMatchObject({ retriesSeen: 1, early: 0 });
  });
});
