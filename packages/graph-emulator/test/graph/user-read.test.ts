import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS, FIXTURE_UPNS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 20 });
});
afterAll(() => h.emulator.close());

const DEFAULT_KEYS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

describe('GET /users/{id | upn}', () => {
  it('reads by object id with the 11 default properties and Graph headers', async () => {
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    );
    expect(res.headers['odata-version']).toBe('4.0');
    expect(Object.keys(res.json)).toEqual(['@odata.context', ...DEFAULT_KEYS]);
    expect(res.json['@odata.context']).toBe(`${h.emulator.origin}/v1.0/$metadata#users/$entity`);
    expect(res.json).toMatchObject({ displayName: "Sean O'Brien", officeLocation: null, mobilePhone: null });
  });

  it('reads by UPN, case-insensitively', async () => {
    const res = await h.graph(`/v1.0/users/O'BRIEN@Contoso.onmicrosoft.com`);
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(FIXTURE_IDS.apostrophe);
  });

  it('reads a guest whose #EXT# UPN is sent with %23', async () => {
    const res = await h.graph('/v1.0/users/adele.vance_fabrikam.com%23EXT%23@contoso.onmicrosoft.com');
    expect(res.status).toBe(200);
    expect(res.json.userPrincipalName).toBe(FIXTURE_UPNS.guest);
    expect(res.json.businessPhones).toEqual([]);
  });

  it("reads an apostrophe UPN through the key form with ''", async () => {
    const res = await h.graph(`/v1.0/users('o''brien@contoso.onmicrosoft.com')`);
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(FIXTURE_IDS.apostrophe);
  });

  it('reads a $-prefixed UPN through the key form (raw or percent-encoded)', async () => {
    for (const path of [
      `/v1.0/users('$admin@contoso.onmicrosoft.com')`,
      `/v1.0/users(%27%24admin@contoso.onmicrosoft.com%27)`,
    ]) {
      const res = await h.graph(path);
      expect(res.status).toBe(200);
      expect(res.json.userPrincipalName).toBe(FIXTURE_UPNS.dollar);
    }
  });

  it('refuses a $-prefixed UPN in path form with 400', async () => {
    const res = await h.graph('/v1.0/users/$admin@contoso.onmicrosoft.com');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BadRequest');
  });

  it('answers an unknown user with the exact 404 body', async () => {
    const res = await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json.error.code).toBe('Request_ResourceNotFound');
    expect(res.json.error.message).toBe(
      "Resource 'nobody@contoso.onmicrosoft.com' does not exist or one of its queried reference-property objects are not present.",
    );
    expect(Object.keys(res.json.error.innerError).sort()).toEqual([
      'client-request-id',
      'date',
      'request-id',
    ]);
  });

  it('applies $select case-insensitively, without adding id, and never shows a password', async () => {
    const res = await h.graph(
      `/v1.0/users/${FIXTURE_IDS.apostrophe}?$select=DisplayName,usageLocation,passwordProfile,employeeId`,
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      '@odata.context': `${h.emulator.origin}/v1.0/$metadata#users(displayName,usageLocation,passwordProfile,employeeId)/$entity`,
      displayName: "Sean O'Brien",
      usageLocation: 'IE',
      passwordProfile: null,
      employeeId: null,
    });
  });

  it('refuses an unknown $select property', async () => {
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}?$select=id,favouriteColour`);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.",
    });
  });

  it('mirrors the version in @odata.context on beta', async () => {
    const res = await h.graph(`/beta/users/${FIXTURE_IDS.dollar}?select=id`);
    expect(res.json).toEqual({
      '@odata.context': `${h.emulator.origin}/beta/$metadata#users(id)/$entity`,
      id: FIXTURE_IDS.dollar,
    });
  });
});

describe('routing errors', () => {
  it('answers a wrong method with 405', async () => {
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}`, { method: 'POST', body: {} });
    expect(res.status).toBe(405);
    expect(res.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: 'Specified HTTP method is not allowed for the request target.',
    });
  });

  it('answers an unknown segment with 400 BadRequest', async () => {
    const res = await h.graph('/v1.0/usrs');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'BadRequest',
      message: "Resource not found for the segment 'usrs'.",
    });
  });

  it('answers Graph targets it does not implement with 501 NotImplemented', async () => {
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/licenseDetails`);
    expect(res.status).toBe(501);
    expect(res.json.error.code).toBe('NotImplemented');
  });

  it('answers an unparsable JSON body with a Graph 400', async () => {
    const res = await h.graph('/v1.0/users', { method: 'POST', body: '{"displayName":' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BadRequest');
    expect(res.json.error.innerError['request-id']).toBe(res.headers['request-id']);
  });

  it('accepts an empty body sent with a JSON content type', async () => {
    const created = await h.graph('/v1.0/users', {
      method: 'POST',
      body: {
        accountEnabled: true,
        displayName: 'Empty Body',
        mailNickname: 'empty.body',
        userPrincipalName: 'empty.body@contoso.onmicrosoft.com',
        passwordProfile: { password: 'Str0ng!Passw0rd' },
      },
    });
    const res = await h.graph(`/v1.0/users/${created.json.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(204);
  });
});
