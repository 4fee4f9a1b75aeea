import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

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
  return svc.logs
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"audit"'))
    .map((line) => JSON.parse(line).audit);
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
