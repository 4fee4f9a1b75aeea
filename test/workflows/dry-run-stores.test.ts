/**
 * A dry run changes nothing, whichever store journals runs: on SQLite and on Redis, the three
 * workflows' dry runs answer a plan, send Graph no write (the emulator's change log does not move)
 * and leave no run in the journal.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_GROUP_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../helpers/redis-test-server.js';
import { startTestService } from '../helpers/test-service.js';
import { countWrites, tenantOf } from './workflow-helpers.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'eum-dry-run-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function dryRunsChangeNothing(stateStoreUrl: string): Promise<void> {
  const svc = await startTestService({ env: { STATE_STORE_URL: stateStoreUrl } });
  try {
    const tenant = tenantOf(svc.emulator);
    const [mover, leaver] = [...tenant.activeUsersAfter(0)]
      .map((user) => String(user.props['userPrincipalName']))
      .filter((upn) => upn.includes('@'));
    const joinerUpn = `dry.${Date.now()}@contoso.onmicrosoft.com`;
    const requests: Array<[string, string, Record<string, unknown>]> = [
      [
        'onboard-user',
        joinerUpn,
        {
          createUserAccountEnabled: true,
          createUserDisplayName: 'Dry Joiner',
          createUserMailNickname: 'dry.joiner',
          createUserPrincipalName: joinerUpn,
          createUserPassword: 'Dry-Run-Secret-9-Kite',
          managerId: FIXTURE_IDS.apostrophe,
          groupIds: [DEMO_GROUP_IDS.projectFalcon],
          usageLocation: 'US',
          licenses: [{ skuPartNumber: 'ENTERPRISEPACK' }],
        },
      ],
      ['move-user', mover!, { userId: mover, department: 'Dry Run Department', jobTitle: 'Planner' }],
      ['offboard-user', leaver!, { userId: leaver }],
    ];
    const runsOf = async (userId: string) =>
      (await svc.http('GET', `/workflows/runs?userId=${encodeURIComponent(userId)}`)).body.runs.length;

    for (const [workflow, userId, body] of requests) {
      const runsBefore = await runsOf(userId);
      const seqBefore = tenant.changeLog.currentSeq;
      const counter = countWrites(svc.emulator);
      try {
        const res = await svc.http('POST', `/workflows/${workflow}`, { ...body, dryRun: true });
        expect(res.status, `${workflow}: ${JSON.stringify(res.body)}`).toBe(200);
        expect(res.body.dryRun).toBe(true);
        expect(res.body.plan.steps.length, workflow).toBeGreaterThan(0);
        expect(res.body.plan.steps.some((step: { status: string }) => step.status === 'planned')).toBe(true);
        expect(counter.writes(), workflow).toBe(0);
      } finally {
        counter.stop();
      }
      expect(tenant.changeLog.currentSeq, workflow).toBe(seqBefore);
      expect(await runsOf(userId), workflow).toBe(runsBefore);
    }
    expect(svc.emulator.state.getUser(svc.emulator.demo.tenantId, joinerUpn)).toBeUndefined();
  } finally {
    await svc.close();
  }
}

describe('workflow dry runs change nothing and journal nothing', () => {
  it('on SQLite', () => dryRunsChangeNothing(`sqlite:${join(folder, 'state.db')}`), 60_000);
  it('on Redis', () => dryRunsChangeNothing(TEST_REDIS_URL), 60_000);
});
