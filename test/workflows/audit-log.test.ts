import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets, startTestService, type TestService } from '../helpers/test-service.js';

const API_KEY = 'audit-test-api-key-0123456789';
const PASSWORD = 'Audit-Trail-8-Battery';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ env: { API_KEYS: API_KEY } });
  svc.secrets.add(API_KEY);
  svc.secrets.add(PASSWORD);
});
afterAll(() => svc.close());

const auth = { authorization: `Bearer ${API_KEY}` };

function auditLines(): Array<Record<string, unknown>> {
  return auditLogLines().map((line) => line['audit'] as Record<string, unknown>);
}

/** Whole lines, with the request id the line is bound to beside the record. */
function auditLogLines(): Array<Record<string, unknown>> {
  return svc.logs
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"audit"'))
    .map((line) => JSON.parse(line));
}

describe('audit log lines', () => {
  it('writes one line per mutating capability call, with field names and outcome, never values', async () => {
    const before = auditLines().length;
    const ok = await svc.call('update-user', { userId: FIXTURE_IDS.guest, password: PASSWORD }, auth);
    expect(ok.status).toBe(200);
    const failed = await svc.call(
      'add-user-to-group',
      { userId: FIXTURE_IDS.guest, groupId: 'b2c7e1a0-00ff-4b2c-9000-0000000000ff' },
      auth,
    );
    expect(failed.status).toBe(404);
    await svc.call('read-user', { userId: FIXTURE_IDS.guest }, auth);

    const lines = auditLines().slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      action: 'update-user',
      objectId: FIXTURE_IDS.guest,
      fields: ['userId', 'password'],
      outcome: 'success',
      tenantId: svc.emulator.demo.tenantId,
    });
    expect(lines[0]!['who']).toMatch(/^key-[0-9a-f]{12}$/);
    expect((lines[0]!['graphRequestIds'] as string[]).length).toBe(1);
    expect(lines[1]).toMatchObject({
      action: 'add-user-to-group',
      outcome: 'failure',
      code: 'GROUP_NOT_FOUND',
    });
    // Each line names the request it came with, as the request's other lines do.
    expect(
      auditLogLines()
        .slice(before)
        .map((line) => line['reqId']),
    ).toEqual([ok.headers['x-request-id'], failed.headers['x-request-id']]);
  });

  it('writes the same record for a batch item as for its single call, and none for a read item', async () => {
    const since = new Date().toISOString();
    const res = await svc.http(
      'POST',
      '/batch',
      {
        requests: [
          {
            id: 'rename',
            capability: 'update-user',
            input: { userId: FIXTURE_IDS.guest, password: PASSWORD },
          },
          {
            id: 'join',
            capability: 'add-user-to-group',
            input: { userId: FIXTURE_IDS.guest, groupId: 'b2c7e1a0-00ff-4b2c-9000-0000000000ff' },
          },
          { id: 'read', capability: 'read-user', input: { userId: FIXTURE_IDS.guest } },
        ],
      },
      auth,
    );
    expect(res.status).toBe(200);
    const trail = await svc.http(
      'GET',
      `/audit?objectId=${FIXTURE_IDS.guest}&since=${encodeURIComponent(since)}`,
      undefined,
      auth,
    );
    const records = (trail.body.records as Array<Record<string, unknown>>).toReversed();
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      action: 'update-user',
      fields: ['userId', 'password'],
      outcome: 'success',
    });
    expect((records[0]!['graphRequestIds'] as string[]).length).toBe(1);
    expect(records[0]!['who']).toMatch(/^key-[0-9a-f]{12}$/);
    expect(records[1]).toMatchObject({
      action: 'add-user-to-group',
      outcome: 'failure',
      code: 'GROUP_NOT_FOUND',
    });
    expectNoSecrets(JSON.stringify(trail.body), [PASSWORD, API_KEY]);
  });

  it('writes one line per workflow step run, naming the run and the step', async () => {
    const before = auditLines().length;
    const res = await svc.http(
      'POST',
      '/workflows/onboard-user',
      {
        createUserAccountEnabled: true,
        createUserDisplayName: 'Audit Joiner',
        createUserMailNickname: 'audit.joiner',
        createUserPrincipalName: 'audit.joiner@contoso.onmicrosoft.com',
        createUserPassword: PASSWORD,
        groupIds: [DEMO_GROUP_IDS.projectFalcon],
      },
      auth,
    );
    expect(res.body.run.status).toBe('done');
    const lines = auditLines().slice(before);
    expect(lines.map((line) => [line['action'], line['stepId'], line['runId']])).toEqual([
      ['create-user', 'create-user', res.body.run.runId],
      ['add-user-to-group', `add-user-to-group:${DEMO_GROUP_IDS.projectFalcon}`, res.body.run.runId],
    ]);
    // close() also scans every log line for the API key and the password.
  });
});

describe('GET /audit', () => {
  it("answers the object's records newest first, as the log lines have them, without a secret or password", async () => {
    const since = new Date().toISOString();
    const { clientId, clientSecret, tenantId } = svc.emulator.demo;
    const first = await svc.call(
      'update-user',
      { userId: FIXTURE_IDS.guest, password: PASSWORD, tenantId, clientId, clientSecret },
      auth,
    );
    expect(first.status).toBe(200);
    const second = await svc.call(
      'update-user',
      { userId: FIXTURE_IDS.guest, displayName: 'Audit Guest' },
      auth,
    );
    expect(second.status).toBe(200);

    const res = await svc.http(
      'GET',
      `/audit?objectId=${encodeURIComponent(FIXTURE_IDS.guest.toUpperCase())}&since=${encodeURIComponent(since)}`,
      undefined,
      auth,
    );
    expect(res.status).toBe(200);
    const records = res.body.records as Array<Record<string, unknown>>;
    expect(records.map((record) => record['fields'])).toEqual([
      ['userId', 'displayName'],
      ['userId', 'password'],
    ]);
    expect(records[1]).toMatchObject({
      action: 'update-user',
      objectId: FIXTURE_IDS.guest,
      outcome: 'success',
      tenantId: svc.emulator.demo.tenantId.toLowerCase(),
      clientId,
    });
    const logged = auditLines().filter((line) => records.some((record) => record['id'] === line['id']));
    expect(logged).toEqual([...records].reverse());
    expectNoSecrets(JSON.stringify(res.body), [PASSWORD, clientSecret, API_KEY]);
  });

  it('answers the steps of a workflow run, at most limit, and only records since the time asked', async () => {
    const upn = 'audit.query@contoso.onmicrosoft.com';
    const run = await svc.http(
      'POST',
      '/workflows/onboard-user',
      {
        createUserAccountEnabled: true,
        createUserDisplayName: 'Audit Query',
        createUserMailNickname: 'audit.query',
        createUserPrincipalName: upn,
        createUserPassword: PASSWORD,
        groupIds: [DEMO_GROUP_IDS.projectFalcon],
      },
      auth,
    );
    expect(run.body.run.status).toBe('done');
    const runId = run.body.run.runId;
    const all = await svc.http('GET', `/audit?objectId=${encodeURIComponent(upn)}`, undefined, auth);
    expect(all.status).toBe(200);
    expect(all.body.records.map((r: Record<string, unknown>) => [r['action'], r['runId']])).toEqual([
      ['add-user-to-group', runId],
      ['create-user', runId],
    ]);
    const one = await svc.http('GET', `/audit?objectId=${encodeURIComponent(upn)}&limit=1`, undefined, auth);
    expect(one.body.records).toEqual([all.body.records[0]]);
    const later = await svc.http('GET', '/audit?since=2999-01-01', undefined, auth);
    expect(later.status).toBe(200);
    expect(later.body.records).toEqual([]);
  });

  it('refuses a since that is not an ISO 8601 time, or a limit out of bounds, naming the field', async () => {
    for (const [query, field] of [
      ['since=yesterday', 'since'],
      ['since=2026-13-01T00:00:00Z', 'since'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
    ]) {
      const res = await svc.http('GET', `/audit?${query}`, undefined, auth);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.errors)).toContain(`/${field}`);
    }
  });

  it("reaches another tenant's trail only with that app's secret", async () => {
    const res = await svc.http(
      'GET',
      '/audit?tenantId=contoso.onmicrosoft.com&clientId=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      undefined,
      auth,
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.records).toBeUndefined();
  });
});
