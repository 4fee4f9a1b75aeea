import { FIXTURE_IDS, FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

describe('revoke-user-sessions against the emulator', () => {
  let service: TestService;
  const validFrom = (userId: string) =>
    service.emulator.state.getUser(service.emulator.demo.tenantId, userId)?.[
      'signInSessionsValidFromDateTime'
    ];

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it("moves the user's session validity to now, addressed by a guest UPN", async () => {
    const before = Date.now();
    const answer = await service.call('revoke-user-sessions', { userId: FIXTURE_UPNS.guest });
    expect(answer.status).toBe(200);
    expect(answer.body.output.statusCode).toBe(200);
    expect(answer.body.output.rawResponse).toMatchObject({ value: true });
    const moved = Date.parse(String(validFrom(FIXTURE_IDS.guest)));
    // Graph keeps whole seconds.
    expect(moved).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it('is a 404 USER_NOT_FOUND for a missing user', async () => {
    const answer = await service.call('revoke-user-sessions', { userId: 'nobody@contoso.onmicrosoft.com' });
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('USER_NOT_FOUND');
  });

  it('refuses a body without userId, naming the field', async () => {
    const answer = await service.call('revoke-user-sessions', {});
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(answer.body.errors)).toContain('userId');
  });
});
