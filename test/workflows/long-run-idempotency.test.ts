import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { countWrites } from './workflow-helpers.js';

/**
 * A workflow can run longer than any one request (each step has its own deadline), so the
 * Idempotency-Key's lease, sized for one request, can end while the run goes on. A repeat then
 * must still reach the same run, not start a second one.
 */
const REQUEST_TIMEOUT_MS = 2500;
const WRITE_LATENCY_MS = 1100;

let svc: TestService;
beforeAll(async () => {
  // The key's lease is REQUEST_TIMEOUT_MS + SHUTDOWN_GRACE_MS + 5 s: 7.5 s here.
  svc = await startTestService({ config: { requestTimeoutMs: REQUEST_TIMEOUT_MS, shutdownGraceMs: 0 } });
});
afterAll(() => svc.close());

const joiner = {
  createUserAccountEnabled: true,
  createUserDisplayName: 'Joiner Slow',
  createUserMailNickname: 'joiner.slow',
  createUserPrincipalName: 'joiner.slow@contoso.onmicrosoft.com',
  createUserPassword: 'Slow-Joiner-4-Battery',
  employeeId: 'E-joiner.slow',
  managerId: FIXTURE_IDS.apostrophe,
  groupIds: [
    DEMO_GROUP_IDS.projectFalcon,
    DEMO_GROUP_IDS.allStaff,
    DEMO_GROUP_IDS.engineering,
    DEMO_GROUP_IDS.salesTeam,
    DEMO_GROUP_IDS.emsLicensed,
  ],
  licenses: [{ skuPartNumber: 'ENTERPRISEPACK' }],
  usageLocation: 'US',
};

describe('a workflow run longer than its Idempotency-Key lease', () => {
  it('answers a repeat made after the lease with the same run, never a second run', async () => {
    const headers = { 'idempotency-key': 'slow-joiner-1' };
    svc.emulator.state.faults.arm(
      ['POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ method, latencyMs: WRITE_LATENCY_MS })),
    );
    const first = svc.http('POST', '/workflows/onboard-user', joiner, headers);
    // Eight writes of 1.1 s each: the run lasts about 9 s plus its reads; the repeat comes after the
    // key's lease and before the run ends.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const during = await svc.http('POST', '/workflows/onboard-user', joiner, headers);
    const firstAnswer = await first;
    svc.emulator.state.faults.clear();

    expect(firstAnswer.body.run.status).toBe('done');
    expect(during.status).toBe(409);
    expect(during.body.code).toBe('WORKFLOW_RUN_IN_PROGRESS');
    expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);

    const counter = countWrites(svc.emulator);
    try {
      const after = await svc.http('POST', '/workflows/onboard-user', joiner, headers);
      expect(after.status).toBe(200);
      expect(after.headers['idempotent-replayed']).toBe('true');
      expect(after.body.run.runId).toBe(firstAnswer.body.run.runId);
      expect(counter.writes()).toBe(0);
    } finally {
      counter.stop();
    }
    const runs = await svc.http('GET', `/workflows/runs?userId=${joiner.createUserPrincipalName}`);
    expect(runs.body.runs).toHaveLength(1);
  }, 30_000);
});
