/** Idempotency-Key on POST /batch: the batch as a whole, and each changing item as `<key>/<id>`. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

let keys = 0;
const freshKey = () => `batch-op-${Date.now()}-${++keys}`;

describe('Idempotency-Key on POST /batch', () => {
  let service: TestService;
  const state = () => service.emulator.state;
  const usersNamed = (mailNickname: string) =>
    [...state().resolveTenant(service.emulator.demo.tenantId)!.activeUsersAfter(0)].filter(
      (user) => user.props['mailNickname'] === mailNickname,
    );
  const create = (id: string, name: string) => ({
    id,
    capability: 'create-user',
    input: {
      createUserAccountEnabled: true,
      createUserDisplayName: name,
      createUserMailNickname: name,
      createUserPrincipalName: `${name}@${service.emulator.demo.domain}`,
      createUserPassword: 'Correct-Horse-9-Battery',
    },
  });
  const batch = (requests: unknown[], key: string) =>
    service.http('POST', '/batch', { requests }, { 'idempotency-key': key });

  beforeAll(async () => {
    service = await startTestService({ env: { LOG_LEVEL: 'warn' } });
  });
  afterEach(() => state().faults.clear());
  afterAll(() => service.close());

  it('replays a finished batch as a whole: the same answer, marked, nothing created twice', async () => {
    const key = freshKey();
    const requests = [create('a', 'idem-batch-a'), create('b', 'idem-batch-b')];
    const first = await batch(requests, key);
    expect(first.body.responses.map((r: { status: number }) => r.status)).toEqual([200, 200]);

    const repeat = await batch(requests, key);
    expect(repeat.status).toBe(200);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    expect(usersNamed('idem-batch-a')).toHaveLength(1);
    expect(usersNamed('idem-batch-b')).toHaveLength(1);

    const other = await batch([create('a', 'idem-batch-other')], key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(usersNamed('idem-batch-other')).toHaveLength(0);
  });

  it('after an item failed with a 5xx, a repeat replays the finished items and runs only the failed one', async () => {
    const key = freshKey();
    const requests = [create('unlucky', 'idem-batch-unlucky'), create('lucky', 'idem-batch-lucky')];
    // The first create of the batch meets a 503 (the emulator does not apply it).
    state().faults.arm([{ method: 'POST', path: '/users', inBatch: true, status: 503, count: 1 }]);
    const first = await batch(requests, key);
    const [unlucky, lucky] = first.body.responses;
    expect(unlucky).toMatchObject({ status: 503, problem: { code: 'GRAPH_UNAVAILABLE' } });
    expect(lucky.status).toBe(200);

    const repeat = await batch(requests, key);
    expect(repeat.headers['idempotent-replayed']).toBeUndefined();
    const [again, replayed] = repeat.body.responses;
    expect(again.status).toBe(200);
    expect(again.replayed).toBeUndefined();
    expect(replayed).toEqual({ ...lucky, replayed: true });
    expect(usersNamed('idem-batch-unlucky')).toHaveLength(1);
    expect(usersNamed('idem-batch-lucky')).toHaveLength(1);
  });

  it('files an item under <key>/<id>, as a single call with that key: each replays the other', async () => {
    const key = freshKey();
    const item = create('solo', 'idem-batch-solo');
    const alone = await service.call('create-user', item.input, { 'idempotency-key': `${key}/solo` });
    expect(alone.status).toBe(200);

    const answer = await batch([item], key);
    const [result] = answer.body.responses;
    expect(result).toEqual({ id: 'solo', status: 200, output: alone.body.output, replayed: true });
    expect(usersNamed('idem-batch-solo')).toHaveLength(1);

    // The other way round: a batch item first, then the single call with `<key>/<id>`.
    const second = freshKey();
    const item2 = create('duo', 'idem-batch-duo');
    const batched = (await batch([item2], second)).body.responses[0];
    const single = await service.call('create-user', item2.input, { 'idempotency-key': `${second}/duo` });
    expect(single.headers['idempotent-replayed']).toBe('true');
    expect(single.body.output).toEqual(batched.output);
    expect(usersNamed('idem-batch-duo')).toHaveLength(1);
  });

  it('runs a batch of reads with a key as if it had none, and refuses a malformed key', async () => {
    const reads = [{ id: 'r', capability: 'read-user', input: { userId: 'nobody@contoso.onmicrosoft.com' } }];
    const key = freshKey();
    expect((await batch(reads, key)).headers['idempotent-replayed']).toBeUndefined();
    expect((await batch(reads, key)).headers['idempotent-replayed']).toBeUndefined();
    const bad = await batch(reads, '');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });
});
