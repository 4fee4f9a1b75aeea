/**
 * POST /batch over HTTP against the emulator: per-item throttling and 503s under the single-call
 * retry rules (the emulator's fault rules on batch items, and its check of Retry-After), dependsOn,
 * bad items and bad batches, and the ndjson stream.
 */
import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchBodySchema } from '../../src/batch/batch-schema.js';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { comparable, sortedKeys } from './mixed-batch.js';

const read = (id: string, userId: string, extra: Record<string, unknown> = {}) => ({
  id,
  capability: 'read-user',
  input: { userId, ...extra },
});

describe('POST /batch', () => {
  let service: TestService;
  const state = () => service.emulator.state;
  const domain = () => service.emulator.demo.domain;
  const usersNamed = (mailNickname: string) =>
    [...state().resolveTenant(service.emulator.demo.tenantId)!.activeUsersAfter(0)].filter(
      (user) => user.props['mailNickname'] === mailNickname,
    );
  const batch = (requests: unknown[], headers: Record<string, string> = {}) =>
    service.http('POST', '/batch', { requests }, headers);
  let users = 0;
  const createInput = (name = `batchroute${++users}`) => ({
    createUserAccountEnabled: true,
    createUserDisplayName: name,
    createUserMailNickname: name,
    createUserPrincipalName: `${name}@${domain()}`,
    createUserPassword: 'Correct-Horse-9-Battery',
  });

  beforeAll(async () => {
    service = await startTestService({ env: { LOG_LEVEL: 'warn' } });
  });
  afterEach(() => {
    state().faults.clear();
    state().retryTiming.reset();
  });
  afterAll(() => service.close());

  it('retries each throttled item alone after its own Retry-After, never before', async () => {
    state().faults.arm([
      { method: 'GET', pathRegex: '^/users/[^/]+$', inBatch: true, status: 429, retryAfter: 0.3, count: 3 },
    ]);
    const ids = Object.values(FIXTURE_IDS);
    const requests = [...ids, ...ids].map((userId, at) => read(`r${at}`, userId));

    const answer = await batch(requests);

    expect(answer.status).toBe(200);
    expect(answer.body.responses.map((r: { status: number }) => r.status)).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
    const [rule] = state().faults.list();
    expect(rule).toMatchObject({ hits: 3, matched: 9 }); // six items, three of them twice
    expect(state().retryTiming.report()).toMatchObject({ answered: 3, retriesSeen: 3, early: 0 });
  });

  it('gives a throttled item that stays throttled the single call’s 429 with its Retry-After', async () => {
    state().faults.arm([
      { method: 'GET', pathRegex: '^/users/[^/]+$', inBatch: true, status: 429, retryAfter: 0.05 },
    ]);
    const answer = await batch([read('r', FIXTURE_IDS.guest)]);
    const [item] = answer.body.responses;
    expect(item).toMatchObject({ status: 429, problem: { code: 'GRAPH_THROTTLED' } });
    expect(item.retryAfter).toBe(1);
    expect(state().faults.list()[0]).toMatchObject({ hits: 4 }); // the first attempt and three retries
  });

  it('does not repeat a create after a 503 (Graph may have applied it) but repeats a read; the create fails as alone', async () => {
    const input = createInput();
    state().faults.arm([
      { method: 'POST', path: '/users', inBatch: true, status: 503, count: 1 },
      { method: 'GET', pathRegex: `^/users/${FIXTURE_IDS.dollar}$`, inBatch: true, status: 503, count: 1 },
    ]);
    const answer = await batch([
      { id: 'create', capability: 'create-user', input },
      read('read', FIXTURE_IDS.dollar),
    ]);
    const [create, readItem] = answer.body.responses;
    expect(readItem.status).toBe(200);
    expect(create).toMatchObject({ status: 503, problem: { code: 'GRAPH_UNAVAILABLE' } });
    const [createRule, readRule] = state().faults.list();
    expect(createRule).toMatchObject({ hits: 1, matched: 1 }); // sent once, never repeated
    expect(readRule).toMatchObject({ hits: 1, matched: 2 });
    expect(usersNamed(input.createUserMailNickname)).toHaveLength(0);

    // The same create sent alone into the same fault: the same problem.
    state().faults.clear();
    state().faults.arm([{ method: 'POST', path: '/users', inBatch: false, status: 503, count: 1 }]);
    const alone = await service.call('create-user', input);
    expect(alone.status).toBe(503);
    const origin = service.emulator.origin;
    expect(sortedKeys(comparable({ status: alone.status, problem: alone.body }, origin))).toEqual(
      sortedKeys(comparable(create, origin)),
    );
  });

  it('skips the items whose dependency failed, naming it, and runs the others', async () => {
    const answer = await batch([
      read('missing', `nobody.${Date.now()}@${domain()}`),
      read('fine', FIXTURE_IDS.guest),
      { ...read('after-missing', FIXTURE_IDS.guest), dependsOn: ['missing'] },
      { ...read('after-skipped', FIXTURE_IDS.guest), dependsOn: ['after-missing'] },
      { ...read('after-both', FIXTURE_IDS.guest), dependsOn: ['fine', 'missing'] },
      { ...read('after-fine', FIXTURE_IDS.dollar), dependsOn: ['fine'] },
    ]);
    const byId = Object.fromEntries(answer.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId.missing.problem.code).toBe('USER_NOT_FOUND');
    expect(byId.fine.status).toBe(200);
    expect(byId['after-fine'].status).toBe(200);
    for (const [id, dependency] of [
      ['after-missing', 'missing'],
      ['after-skipped', 'after-missing'],
      ['after-both', 'missing'],
    ]) {
      expect(byId[id!]).toMatchObject({
        status: 424,
        problem: { code: 'SKIPPED_DEPENDENCY_FAILED', status: 424 },
      });
      expect(byId[id!].problem.detail).toContain(`'${dependency}'`);
    }
  });

  it('reports a bad item with the problem its single call gets and runs the rest', async () => {
    const bad = { userId: FIXTURE_IDS.guest, selectt: ['id'], extra: 1 };
    const answer = await batch([
      read('ok', FIXTURE_IDS.guest),
      { id: 'bad', capability: 'read-user', input: bad },
      {
        id: 'wrong-type',
        capability: 'add-user-to-group',
        input: { userId: 7, groupId: DEMO_GROUP_IDS.engineering },
      },
      { id: 'no-input', capability: 'read-user' },
      { id: 'pages', capability: 'list-direct-reports', input: { userId: FIXTURE_IDS.guest, maxPages: 3 } },
      { id: 'coffee', capability: 'make-coffee', input: {} },
    ]);
    expect(answer.status).toBe(200);
    const [ok, badItem, wrongType, noInput, pages, coffee] = answer.body.responses;
    expect(ok.status).toBe(200);
    const alone = await service.call('read-user', bad);
    const origin = service.emulator.origin;
    expect(sortedKeys(comparable(badItem, origin))).toEqual(
      sortedKeys(comparable({ status: alone.status, problem: alone.body }, origin)),
    );
    expect(badItem.problem.errors).toEqual([
      { path: '/selectt', message: 'is not a known field' },
      { path: '/extra', message: 'is not a known field' },
    ]);
    expect(wrongType.problem).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/userId' }] });
    expect(noInput.problem).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: '/userId', message: 'is required' }],
    });
    expect(pages).toMatchObject({ status: 400, problem: { code: 'BATCH_CAPABILITY_REFUSED' } });
    expect(pages.problem.detail).toContain('maxPages 3');
    expect(coffee).toMatchObject({ status: 400, problem: { code: 'BATCH_UNKNOWN_CAPABILITY' } });
    expect(coffee.problem.validValues).toContain('create-user');
  });

  it('refuses a batch whose shape is wrong as a whole, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ requests: [read('a', FIXTURE_IDS.guest), read('a', FIXTURE_IDS.dollar)] }, '/requests/1/id'],
      [
        { requests: [{ ...read('a', FIXTURE_IDS.guest), dependsOn: ['b'] }, read('b', FIXTURE_IDS.dollar)] },
        '/requests/0/dependsOn/0',
      ],
      [{ requests: [{ ...read('a', FIXTURE_IDS.guest), dependsOn: ['a'] }] }, '/requests/0/dependsOn/0'],
      [{ requests: [] }, '/requests'],
      [{ requests: Array.from({ length: 1001 }, (_, i) => read(`r${i}`, FIXTURE_IDS.guest)) }, '/requests'],
      [{ requests: [{ capability: 'read-user', input: {} }] }, '/requests/0/id'],
      [{ requests: [{ ...read('a', FIXTURE_IDS.guest), after: ['x'] }] }, '/requests/0/after'],
      [{ items: [] }, '/items'],
    ];
    for (const [body, path] of cases) {
      const answer = await service.http('POST', '/batch', body);
      expect(answer.status, path).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });

  it("runs the OpenAPI document's example against the sandbox", async () => {
    const [example] = BatchBodySchema.examples as { requests: unknown[] }[];
    const answer = await batch(example!.requests);
    expect(answer.body.responses.map((r: { id: string; status: number }) => [r.id, r.status])).toEqual([
      ['new-hire', 200],
      ['new-hire-manager', 200],
      ['check', 200],
    ]);
  });

  it('streams one ndjson line per item as it completes', async () => {
    const answer = await batch(
      [
        read('first', FIXTURE_IDS.guest),
        { ...read('after-first', FIXTURE_IDS.dollar), dependsOn: ['first'] },
        read('missing', `nobody.${Date.now()}@${domain()}`),
      ],
      { accept: 'application/x-ndjson' },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = String(answer.body)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The dependent item runs in a later round trip: it completes, and so comes, last.
    expect(lines.map((line) => line.id)).toEqual(expect.arrayContaining(['first', 'missing', 'after-first']));
    expect(lines.at(-1).id).toBe('after-first');
    expect(lines.find((line) => line.id === 'missing').problem.code).toBe('USER_NOT_FOUND');
    expect(lines.find((line) => line.id === 'first').output.statusCode).toBe(200);
  });
});
