import { DEMO_GROUP_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

/**
 * A member addition whose answer is lost is sent once more: Graph's second answer (204, or
 * "already exist") says the membership is in place, and the call reports it made. When the second
 * attempt fails too, the first failure is the answer.
 */
describe('add-user-to-group when the answer is lost', () => {
  let service: TestService;
  const state = () => service.emulator.state;
  const tenant = () => state().resolveTenant(service.emulator.demo.tenantId)!;
  const groupId = DEMO_GROUP_IDS.projectFalcon;
  const membersRef = `/groups/${groupId}/members/$ref`;
  /** How many additions reached the emulator (every POST matches the armed rule, spent or not). */
  const additionsSent = () =>
    state()
      .faults.list()
      .find((rule) => rule.method === 'POST')!.matched;
  const isMember = (userId: string) => tenant().groups.find(groupId)!.members.has(userId.toLowerCase());
  const user = (index: number) => [...tenant().activeUsersAfter(10)][index]!.props;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterEach(() => state().faults.clear());
  afterAll(() => service.close());

  it('reports the addition made (changed: true) when the connection dropped after Graph made it', async () => {
    const newMember = user(0);
    expect(isMember(newMember.id)).toBe(false);
    state().faults.arm([{ method: 'POST', path: membersRef, drop: 'after', count: 1 }]);

    // ifAlreadyMember is left at `fail`: the second answer's "already exist" is the first one's
    // success, not the caller's conflict.
    const answer = await service.call('add-user-to-group', { userId: newMember.id, groupId });

    expect(additionsSent()).toBe(2);
    expect(isMember(newMember.id)).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 400, changed: true });
  });

  it('makes the addition with the second attempt when the first never reached Graph', async () => {
    const newMember = user(1);
    state().faults.arm([{ method: 'POST', path: membersRef, drop: 'before', count: 1 }]);

    const answer = await service.call('add-user-to-group', { userId: newMember.id, groupId });

    expect(additionsSent()).toBe(2);
    expect(isMember(newMember.id)).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 204, changed: true });
  });

  it('keeps GRAPH_UNREACHABLE when the second attempt is lost as well, and sends no third', async () => {
    const notMember = user(2);
    state().faults.arm([{ method: 'POST', path: membersRef, drop: 'before', count: 2 }]);

    const answer = await service.call('add-user-to-group', { userId: notMember.id, groupId });

    expect(additionsSent()).toBe(2);
    expect(answer.status).toBe(502);
    expect(answer.body.code).toBe('GRAPH_UNREACHABLE');
    expect(isMember(notMember.id)).toBe(false);
  });

  it("sends the second attempt only after a 503's Retry-After", async () => {
    const newMember = user(3);
    state().retryTiming.reset();
    state().faults.arm([{ method: 'POST', path: membersRef, status: 503, retryAfter: 0.3, count: 1 }]);

    const answer = await service.call('add-user-to-group', { userId: newMember.id, groupId });

    expect(answer.status).toBe(200);
    expect(answer.body.output).toMatchObject({ statusCode: 204, changed: true });
    expect(isMember(newMember.id)).toBe(true);
    expect(state().retryTiming.report()).toMatchObject({ retriesSeen: 1, early: 0 });
  });
});
