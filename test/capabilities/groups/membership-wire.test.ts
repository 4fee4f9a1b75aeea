import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphCaller, GraphRequest } from '../../../src/graph/graph-request.js';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const USER_ID = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const GROUP_ID = '02bd9fd6-8f93-4758-87c3-1fb73740a315';
const SKU = 'c7df2760-2c81-4ef7-b578-5b5392b571df';

/** Records what the capabilities send; answers like Graph would on success. */
function recordingGraph(sent: GraphRequest[]): GraphCaller {
  return {
    cloud: { graphBaseUrl: 'https://graph.microsoft.us', authorityHost: 'https://login.microsoftonline.us' },
    async send<T>(request: GraphRequest) {
      sent.push(request);
      const body =
        request.method === 'GET'
          ? request.path === '/subscribedSkus'
            ? { value: [{ skuId: SKU, prepaidUnits: { enabled: 5 }, consumedUnits: 0, servicePlans: [] }] }
            : { id: USER_ID, usageLocation: 'US' }
          : request.method === 'DELETE'
            ? null
            : {};
      return { status: body === null ? 204 : 200, headers: {}, body: body as T };
    },
  };
}

// The exact wire form matters here: Graph needs an object id in @odata.id, both license arrays,
// and `/$ref` on removal (without it, Graph deletes the user).
describe('what the membership and license capabilities send to Graph', () => {
  let service: TestService;
  const sent: GraphRequest[] = [];
  beforeAll(async () => {
    service = await startTestService({ dependencies: { graph: recordingGraph(sent) } });
  });
  afterAll(() => service.close());

  it('resolves a UPN, then posts the object id as an @odata.id under the configured cloud and version', async () => {
    sent.length = 0;
    const res = await service.call('add-user-to-group', { userId: "o'brien@contoso.com", groupId: GROUP_ID });
    expect(res.status).toBe(200);
    expect(sent.map((r) => [r.method, r.path])).toEqual([
      ['GET', "/users/o'brien@contoso.com"],
      ['POST', `/groups/${GROUP_ID}/members/$ref`],
    ]);
    expect(String(sent[0]!.query)).toBe('%24select=id');
    expect(sent[1]!.body).toEqual({
      '@odata.id': `https://graph.microsoft.us/v1.0/directoryObjects/${USER_ID}`,
    });
  });

  it('removes through members/{id}/$ref and never the user-deleting form', async () => {
    sent.length = 0;
    await service.call('remove-user-from-group', { userId: USER_ID.toUpperCase(), groupId: GROUP_ID });
    expect(sent.map((r) => [r.method, r.path])).toEqual([
      ['DELETE', `/groups/${GROUP_ID}/members/${USER_ID}/$ref`],
    ]);
  });

  it('always sends both license arrays', async () => {
    sent.length = 0;
    await service.call('manage-user-license', { userId: USER_ID, removeLicenses: SKU });
    await service.call('manage-user-license', { userId: USER_ID, skuId: SKU });
    // Besides the reads of the preflight checks (the user, the SKU list), what is assigned:
    const assigned = sent.filter((r) => r.method === 'POST');
    expect(assigned.map((r) => r.body)).toEqual([
      { addLicenses: [], removeLicenses: [SKU] },
      { addLicenses: [{ skuId: SKU, disabledPlans: [] }], removeLicenses: [] },
    ]);
    expect(assigned.every((r) => r.path === `/users/${USER_ID}/assignLicense`)).toBe(true);
    expect(sent.filter((r) => r.method !== 'POST').every((r) => r.method === 'GET')).toBe(true);
  });

  it('asks getMemberGroups with the security toggle', async () => {
    sent.length = 0;
    await service.call('list-users-groups', { userId: USER_ID, securityEnabledOnly: false });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: `/users/${USER_ID}/getMemberGroups`,
      body: { securityEnabledOnly: false },
    });
  });
});
