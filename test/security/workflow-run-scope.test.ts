import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';

const WRONG_SECRET = 'not-the-secret~Workflow-Scope-0001';

/**
 * Workflow runs hold who was onboarded or offboarded in a tenant: like sync cursors, they belong to
 * a (tenant, app) the caller has proven, and the public ids alone list or read nothing.
 */
describe("another tenant's workflow runs", () => {
  let service: TestService;
  let tenant: { tenantId: string; clientId: string; clientSecret: string };
  let scope: string;
  let runId: string;
  let leaverUpn: string;

  beforeAll(async () => {
    service = await startTestService();
    const added = service.emulator.state.addTenant({ domains: ['runs-scope.example'], seedUsers: 5 });
    tenant = { tenantId: added.tenantId, clientId: added.clientId, clientSecret: added.clientSecret };
    service.secrets.add(tenant.clientSecret).add(WRONG_SECRET);
    scope = `tenantId=${tenant.tenantId}&clientId=${tenant.clientId}`;
    const leaver = [...service.emulator.state.resolveTenant(tenant.tenantId)!.activeUsersAfter(0)][0]!;
    leaverUpn = String(leaver.props['userPrincipalName']);
    const run = await service.http('POST', '/workflows/offboard-user', {
      ...tenant,
      userId: leaverUpn,
    });
    expect(run.status).toBe(200);
    runId = run.body.run.runId;
    expect(runId).toBeTruthy();
  });
  afterAll(() => service.close());

  it.each([
    ['list', () => `/workflows/runs?userId=${encodeURIComponent(leaverUpn)}&${scope}`],
    ['read', () => `/workflows/runs/${runId}?${scope}`],
    ['read the audit trail of', () => `/audit?${scope}`],
  ])('cannot %s them with the ids alone', async (_, path) => {
    const response = await service.http('GET', path());
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('CONNECTION_OVERRIDE_FORBIDDEN');
    expect(JSON.stringify(response.body)).not.toContain(runId);
  });

  it('a wrong secret gets the token error, never the runs', async () => {
    const response = await service.http(
      'GET',
      `/workflows/runs?userId=${encodeURIComponent(leaverUpn)}&${scope}`,
      undefined,
      {
        'x-client-secret': WRONG_SECRET,
      },
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(response.body)).not.toContain(runId);
    const audit = await service.http('GET', `/audit?${scope}`, undefined, {
      'x-client-secret': WRONG_SECRET,
    });
    expect(audit.status).toBeGreaterThanOrEqual(400);
    expect(audit.body.records).toBeUndefined();
  });

  it('the proven owner lists and reads them', async () => {
    const proven = { 'x-client-secret': tenant.clientSecret };
    const listed = await service.http(
      'GET',
      `/workflows/runs?userId=${encodeURIComponent(leaverUpn)}&${scope}`,
      undefined,
      proven,
    );
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).toContain(runId);
    const read = await service.http('GET', `/workflows/runs/${runId}?${scope}`, undefined, proven);
    expect(read.status).toBe(200);
  });

  it("the proven owner reads the run's steps in the audit trail; the service's own tenant does not", async () => {
    const audit = await service.http('GET', `/audit?${scope}`, undefined, {
      'x-client-secret': tenant.clientSecret,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.records.length).toBeGreaterThan(0);
    expect(audit.body.records.every((record: { runId?: string }) => record.runId === runId)).toBe(true);
    const own = await service.http('GET', '/audit');
    expect(own.status).toBe(200);
    expect(JSON.stringify(own.body)).not.toContain(runId);
  });
});
