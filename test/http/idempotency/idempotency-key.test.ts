import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const KEY_A = 'caller-a-api-key-0123456789';
const KEY_B = 'caller-b-api-key-0123456789';
const as = (apiKey: string, idempotencyKey?: string) => ({
  authorization: `Bearer ${apiKey}`,
  ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
});
let keys = 0;
const freshKey = () => `op-${Date.now()}-${++keys}`;

describe('Idempotency-Key on the capability routes', () => {
  let service: TestService;
  const state = () => service.emulator.state;
  const directory = () => state().resolveTenant(service.emulator.demo.tenantId)!;
  const usersNamed = (mailNickname: string) =>
    [...directory().activeUsersAfter(0)].filter((user) => user.props['mailNickname'] === mailNickname);

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: `${KEY_A},${KEY_B}` } });
    service.secrets.add(KEY_A).add(KEY_B);
  });
  afterEach(() => state().faults.clear());
  afterAll(() => service.close());

  it('replays the first outcome of a create to a repeat: one user, the same answer, marked replayed', async () => {
    const key = freshKey();
    const body = createBody('idem-create');
    const first = await service.call('create-user', body, as(KEY_A, key));
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // Without the key the repeat would reach Graph and fail: the UPN is taken.
    const repeat = await service.call('create-user', body, as(KEY_A, key));
    expect(repeat.status).toBe(200);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    expect(usersNamed('idem-create')).toHaveLength(1);
  });

  it('treats the quoted (Structured Fields) and bare forms of a key as the same key', async () => {
    const key = freshKey();
    const body = createBody('idem-quoted');
    expect((await service.call('create-user', body, as(KEY_A, `"${key}"`))).status).toBe(200);
    const repeat = await service.call('create-user', body, as(KEY_A, key));
    expect(repeat.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses the key with another body or another capability (422), changing nothing', async () => {
    const key = freshKey();
    expect((await service.call('create-user', createBody('idem-reused'), as(KEY_A, key))).status).toBe(200);

    const otherBody = await service.call('create-user', createBody('idem-reused-2'), as(KEY_A, key));
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherCapability = await service.call(
      'update-user',
      { userId: FIXTURE_IDS.apostrophe, department: 'Reused' },
      as(KEY_A, key),
    );
    expect(otherCapability.status).toBe(422);
    expect(usersNamed('idem-reused-2')).toHaveLength(0);
  });

  it('answers 409 with Retry-After to a repeat while the first is still running, then replays', async () => {
    const key = freshKey();
    const body = createBody('idem-concurrent');
    state().faults.arm([{ method: 'POST', path: '/users', latencyMs: 800, count: 1 }]);
    const first = service.call('create-user', body, as(KEY_A, key));
    await new Promise((resolve) => setTimeout(resolve, 250));

    const meanwhile = await service.call('create-user', body, as(KEY_A, key));
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(Number(meanwhile.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    expect((await first).status).toBe(200);
    const after = await service.call('create-user', body, as(KEY_A, key));
    expect(after.headers['idempotent-replayed']).toBe('true');
    expect(usersNamed('idem-concurrent')).toHaveLength(1);
  });

  it("replays a 4xx outcome (the caller's own mistake) as it was", async () => {
    const key = freshKey();
    const body = { userId: 'nobody-here@contoso.onmicrosoft.com', groupId: DEMO_GROUP_IDS.projectFalcon };
    const first = await service.call('add-user-to-group', body, as(KEY_A, key));
    expect(first.status).toBe(404);
    const repeat = await service.call('add-user-to-group', body, as(KEY_A, key));
    expect(repeat.status).toBe(404);
    expect(repeat.headers['content-type']).toContain('application/problem+json');
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
  });

  it('gives the key back after a 5xx, so the retry runs and can succeed', async () => {
    const key = freshKey();
    const groupId = DEMO_GROUP_IDS.projectFalcon;
    const body = { userId: FIXTURE_IDS.guest, groupId };
    // Twice: the capability sends an addition whose answer was lost once more before it gives up.
    state().faults.arm([
      { method: 'POST', path: `/groups/${groupId}/members/$ref`, status: 503, retryAfter: 0.01, count: 2 },
    ]);
    const failed = await service.call('add-user-to-group', body, as(KEY_A, key));
    expect(failed.status).toBe(503);

    const retried = await service.call('add-user-to-group', body, as(KEY_A, key));
    expect(retried.status).toBe(200);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(directory().groups.find(groupId)!.members.has(FIXTURE_IDS.guest)).toBe(true);
  });

  it('keeps each API key its own keys: the same key from another caller is another operation', async () => {
    const key = freshKey();
    const body = { userId: FIXTURE_IDS.apostrophe, department: 'Scoped' };
    expect((await service.call('update-user', body, as(KEY_A, key))).status).toBe(200);
    const fromB = await service.call('update-user', body, as(KEY_B, key));
    expect(fromB.status).toBe(200);
    expect(fromB.headers['idempotent-replayed']).toBeUndefined();
  });

  it('runs reads every time: a read is repeated safely without a key', async () => {
    const key = freshKey();
    const body = { userId: FIXTURE_IDS.apostrophe };
    await service.call('read-user', body, as(KEY_A, key));
    const again = await service.call('read-user', body, as(KEY_A, key));
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it.each([
    ['empty', '""'],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
  ])('refuses an invalid key (%s) with 400 INVALID_IDEMPOTENCY_KEY naming the header', async (_, value) => {
    const result = await service.call('create-user', createBody('idem-invalid'), {
      ...as(KEY_A),
      'idempotency-key': value,
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
    expect(result.body.detail).toContain('Idempotency-Key');
    expect(usersNamed('idem-invalid')).toHaveLength(0);
  });
});

function createBody(mailNickname: string) {
  return {
    createUserAccountEnabled: true,
    createUserDisplayName: `Idempotency ${mailNickname}`,
    createUserMailNickname: mailNickname,
    createUserPrincipalName: `${mailNickname}@contoso.onmicrosoft.com`,
    createUserPassword: 'Str0ng!Passw0rd-idem',
  };
}
