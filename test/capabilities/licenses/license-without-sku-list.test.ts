import { afterEach, describe, expect, it } from 'vitest';
import {
  type ScriptedGraphService,
  startScriptedGraphService,
} from '../../helpers/scripted-graph-service.js';

const USER = '3a4b5c6d-1111-4222-8333-444455556666';
const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const denied = {
  status: 403,
  json: {
    error: {
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    },
  },
};
const user = { status: 200, json: { id: USER, usageLocation: 'US', assignedLicenses: [] } };

describe('manage-user-license when the app may not read subscribedSkus', () => {
  let service: ScriptedGraphService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('still assigns a SKU given by id, as before names existed, and maps Graph refusals as before', async () => {
    service = await startScriptedGraphService({
      'GET /v1.0/subscribedSkus': denied,
      [`GET /v1.0/users/${USER}`]: user,
      [`POST /v1.0/users/${USER}/assignLicense`]: {
        status: 400,
        json: {
          error: {
            code: 'Request_BadRequest',
            message: `License ${SKU} does not correspond to a valid company License.`,
          },
        },
      },
    });
    const answer = await service.call('manage-user-license', { userId: USER, skuId: SKU });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'UNKNOWN_SKU', graph: { code: 'Request_BadRequest' } });
    const assign = service.graph.received.find((request) => request.path.endsWith('/assignLicense'));
    expect(JSON.parse(assign!.body)).toEqual({
      addLicenses: [{ skuId: SKU, disabledPlans: [] }],
      removeLicenses: [],
    });
  });

  it('answers INSUFFICIENT_PRIVILEGES when names need the SKU list', async () => {
    service = await startScriptedGraphService({
      'GET /v1.0/subscribedSkus': denied,
      [`GET /v1.0/users/${USER}`]: user,
    });
    const answer = await service.call('manage-user-license', {
      userId: USER,
      skuPartNumber: 'ENTERPRISEPACK',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('INSUFFICIENT_PRIVILEGES');
    expect(service.graph.received.some((request) => request.path.endsWith('/assignLicense'))).toBe(false);
  });
});
