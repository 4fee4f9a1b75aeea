import { DEMO_GROUP_IDS, DEMO_SKU_IDS, FIXTURE_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { countWrites, directMemberIds } from './workflow-helpers.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc.close());

const PASSWORD = 'Onboard-Secret-7-Horse';

function joiner(nickname: string, extra: Record<string, unknown> = {}) {
  return {
    createUserAccountEnabled: true,
    createUserDisplayName: `Joiner ${nickname}`,
    createUserMailNickname: nickname,
    createUserPrincipalName: `${nickname}@contoso.onmicrosoft.com`,
    createUserPassword: PASSWORD,
    employeeId: `E-${nickname}`.slice(0, 16),
    managerId: FIXTURE_IDS.apostrophe,
    groupIds: [DEMO_GROUP_IDS.projectFalcon],
    licenses: [{ skuPartNumber: 'ENTERPRISEPACK' }],
    usageLocation: 'US',
    ...extra,
  };
}

describe('POST /workflows/onboard-user', () => {
  it('creates the user, sets the manager, adds the group and assigns the license, journaling each step', async () => {
    svc.secrets.add(PASSWORD);
    const res = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.one'));
    expect(res.status).toBe(200);
    const { run } = res.body;
    expect(run.status).toBe('done');
    expect(run.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      ['create-user', 'done'],
      ['set-user-manager', 'done'],
      [`add-user-to-group:${DEMO_GROUP_IDS.projectFalcon}`, 'done'],
      ['manage-user-license:enterprisepack', 'done'],
    ]);
    for (const step of run.steps) {
      expect(step.graphRequestIds.length).toBeGreaterThan(0);
      expect(Date.parse(step.finishedAt)).toBeGreaterThanOrEqual(Date.parse(step.startedAt));
    }
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);

    const user = svc.emulator.state.getUser(
      svc.emulator.demo.tenantId,
      'joiner.one@contoso.onmicrosoft.com',
    )!;
    expect(user['employeeId']).toBe('E-joiner.one');
    expect(user['usageLocation']).toBe('US');
    expect((user['assignedLicenses'] as Array<{ skuId: string }>).map((l) => l.skuId)).toEqual([
      DEMO_SKU_IDS.officeE3,
    ]);
    expect(directMemberIds(svc.emulator, DEMO_GROUP_IDS.projectFalcon)).toContain(user['id']);
    const manager = await svc.call('get-user-manager', { userId: user['id'], select: ['id'] });
    expect(manager.body.output.rawResponse.id).toBe(FIXTURE_IDS.apostrophe);

    // The run is found by id, by UPN and by the object id learnt when the user was created.
    const byId = await svc.http('GET', `/workflows/runs/${run.runId}`);
    expect(byId.body.run).toEqual(run);
    for (const userId of ['joiner.one@contoso.onmicrosoft.com', String(user['id'])]) {
      const listed = await svc.http('GET', `/workflows/runs?userId=${encodeURIComponent(userId)}`);
      expect(listed.body.runs.map((r: { runId: string }) => r.runId)).toEqual([run.runId]);
    }
    // `limit` arrives as query text: a number in range is taken, anything else is a 400 naming it.
    const upn = encodeURIComponent('joiner.one@contoso.onmicrosoft.com');
    const limited = await svc.http('GET', `/workflows/runs?userId=${upn}&limit=1`);
    expect(limited.status).toBe(200);
    expect(limited.body.runs).toHaveLength(1);
    const outOfRange = await svc.http('GET', `/workflows/runs?userId=${upn}&limit=0`);
    expect(outOfRange.status).toBe(400);
    expect(JSON.stringify(outOfRange.body.errors)).toContain('/limit');
  });

  it('adopts the user with the same UPN and employeeId, skipping what is already in place', async () => {
    const first = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.two'));
    expect(first.body.run.status).toBe('done');
    const again = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.two'));
    expect(again.status).toBe(200);
    expect(again.body.run.runId).not.toBe(first.body.run.runId);
    expect(again.body.run.steps.map((s: { status: string }) => s.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(again.body.run.steps[0].reason).toMatch(/^adopted/);
  });

  it('refuses a UPN held by a user with another employeeId (409), before changing anything', async () => {
    await svc.http('POST', '/workflows/onboard-user', joiner('joiner.three'));
    const counter = countWrites(svc.emulator);
    try {
      const res = await svc.http(
        'POST',
        '/workflows/onboard-user',
        joiner('joiner.three', { employeeId: 'OTHER' }),
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('WORKFLOW_USER_CONFLICT');
      expect(counter.writes()).toBe(0);
    } finally {
      counter.stop();
    }
  });

  it('dry run: answers the plan and sends Graph no write', async () => {
    const counter = countWrites(svc.emulator);
    const seqBefore = svc.emulator.state.resolveTenant(svc.emulator.demo.tenantId)!.changeLog.currentSeq;
    try {
      const res = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.dry', { dryRun: true }));
      expect(res.status).toBe(200);
      expect(res.body.dryRun).toBe(true);
      expect(res.body.run).toBeUndefined();
      expect(
        res.body.plan.steps.map((s: { capability: string; status: string }) => [s.capability, s.status]),
      ).toEqual([
        ['create-user', 'planned'],
        ['set-user-manager', 'planned'],
        ['add-user-to-group', 'planned'],
        ['manage-user-license', 'planned'],
      ]);
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
      expect(counter.writes()).toBe(0);
      expect(svc.emulator.state.resolveTenant(svc.emulator.demo.tenantId)!.changeLog.currentSeq).toBe(
        seqBefore,
      );
      expect(
        svc.emulator.state.getUser(svc.emulator.demo.tenantId, 'joiner.dry@contoso.onmicrosoft.com'),
      ).toBeUndefined();
    } finally {
      counter.stop();
    }
  });

  it('returns the same run for a repeat with the same Idempotency-Key, without running it again', async () => {
    const headers = { 'idempotency-key': 'onboard-joiner-four' };
    const first = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.four'), headers);
    expect(first.body.run.status).toBe('done');
    const counter = countWrites(svc.emulator);
    try {
      const repeat = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.four'), headers);
      expect(repeat.status).toBe(200);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body.run.runId).toBe(first.body.run.runId);
      expect(counter.writes()).toBe(0);
    } finally {
      counter.stop();
    }
  });

  it('refuses another body or another workflow under a key that started a run, naming the reuse', async () => {
    const headers = { 'idempotency-key': 'onboard-joiner-six' };
    const first = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.six'), headers);
    expect(first.body.run.status).toBe('done');
    const changed = await svc.http(
      'POST',
      '/workflows/onboard-user',
      joiner('joiner.six', { groupIds: [DEMO_GROUP_IDS.allStaff] }),
      headers,
    );
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherWorkflow = await svc.http(
      'POST',
      '/workflows/offboard-user',
      { userId: 'joiner.six@contoso.onmicrosoft.com' },
      headers,
    );
    expect(otherWorkflow.status).toBe(422);
    expect(otherWorkflow.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('stops at the first failed step, leaving later steps planned, and resume starts from it', async () => {
    const missingGroup = 'b2c7e1a0-00ff-4b2c-9000-0000000000ff';
    const res = await svc.http(
      'POST',
      '/workflows/onboard-user',
      joiner('joiner.five', { groupIds: [missingGroup, DEMO_GROUP_IDS.projectFalcon] }),
    );
    expect(res.status).toBe(200);
    const { run } = res.body;
    expect(run.status).toBe('failed');
    expect(run.steps.map((s: { status: string }) => s.status)).toEqual([
      'done',
      'done',
      'failed',
      'planned',
      'planned',
    ]);
    expect(run.steps[2].problem).toMatchObject({ code: 'GROUP_NOT_FOUND', status: 404 });

    const resumed = await svc.http('POST', `/workflows/runs/${run.runId}/resume`, {});
    expect(resumed.status).toBe(200);
    expect(resumed.body.run.status).toBe('failed');
    // Done steps are not repeated: one attempt each, the failed one tried again.
    expect(resumed.body.run.steps.map((s: { attempts: number }) => s.attempts)).toEqual([1, 1, 2, 0, 0]);
  });

  it('retries the propagation 404s of the steps after a create (replication lag on)', async () => {
    svc.emulator.state.replicationLag.update({ lagMs: 1500 });
    try {
      const res = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.lag'));
      expect(res.status).toBe(200);
      expect(res.body.run.status).toBe('done');
      expect(res.body.run.steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
    } finally {
      svc.emulator.state.replicationLag.update({ lagMs: 0 });
    }
  });

  it('refuses a license naming its SKU twice or not at all, naming the field', async () => {
    const res = await svc.http('POST', '/workflows/onboard-user', joiner('joiner.bad', { licenses: [{}] }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: '/licenses/0', message: 'give exactly one of skuId and skuPartNumber' },
    ]);
  });

  it('answers 404 WORKFLOW_RUN_NOT_FOUND for an unknown run', async () => {
    const res = await svc.http('GET', '/workflows/runs/no-such-run');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('WORKFLOW_RUN_NOT_FOUND');
  });
});
