import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
});
afterAll(() => h.emulator.close());

const PASSWORD = 'xWwvJ]6NMw+bWH-d';
let counter = 0;
function newUser(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    accountEnabled: true,
    displayName: `New User ${counter}`,
    mailNickname: `new.user${counter}`,
    userPrincipalName: `new.user${counter}@contoso.onmicrosoft.com`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: PASSWORD },
    ...overrides,
  };
}

async function expectBadRequest(body: unknown, message: string, code = 'Request_BadRequest') {
  const res = await h.graph('/v1.0/users', { method: 'POST', body });
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.message).toBe(message);
  expect(res.text).not.toContain(PASSWORD);
  return res;
}

const invalid = (p: string) => `Invalid value specified for property '${p}' of resource 'User'.`;

describe('POST /users', () => {
  it('creates a user: 201 with the default representation, id first, no password', async () => {
    const body = newUser({ givenName: 'Adele', surname: 'Vance', usageLocation: 'us', department: 'Retail' });
    const res = await h.graph('/v1.0/users', { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(res.json['@odata.context']).toBe(`${h.emulator.origin}/v1.0/$metadata#users/$entity`);
    expect(Object.keys(res.json).slice(0, 2)).toEqual(['@odata.context', 'id']);
    expect(res.json).toMatchObject({
      displayName: body.displayName,
      givenName: 'Adele',
      surname: 'Vance',
      userPrincipalName: body.userPrincipalName,
      mail: null,
      businessPhones: [],
    });
    expect(res.text).not.toContain(PASSWORD);
    const stored = h.emulator.state.getUser(h.emulator.demo.tenantId, res.json.id)!;
    expect(stored).toMatchObject({ usageLocation: 'US', department: 'Retail', accountEnabled: true });
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    const read = await h.graph(`/v1.0/users/${res.json.id}?$select=passwordProfile,usageLocation`);
    expect(read.json.passwordProfile).toBeNull();
  });

  it.each(['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'])(
    'requires %s',
    async (property) => {
      const body: Record<string, unknown> = newUser();
      delete body[property];
      await expectBadRequest(body, invalid(property));
    },
  );

  it('refuses a malformed UPN', async () => {
    await expectBadRequest(
      newUser({ userPrincipalName: 'no-at-sign' }),
      'Property userPrincipalName is invalid.',
    );
    await expectBadRequest(
      newUser({ userPrincipalName: 'josé@contoso.com' }),
      'Property userPrincipalName is invalid.',
    );
  });

  it('refuses a UPN outside the verified domains and accepts the second verified domain', async () => {
    await expectBadRequest(
      newUser({ userPrincipalName: 'someone@fabrikam.com' }),
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
    );
    const res = await h.graph('/v1.0/users', {
      method: 'POST',
      body: newUser({ userPrincipalName: 'second@Contoso.com' }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses a duplicate UPN case-insensitively, with ObjectConflict details', async () => {
    const res = await expectBadRequest(
      newUser({ userPrincipalName: "O'Brien@CONTOSO.onmicrosoft.com" }),
      'Another object with the same value for property userPrincipalName already exists.',
    );
    expect(res.json.error.details).toEqual([
      expect.objectContaining({ code: 'ObjectConflict', target: 'userPrincipalName' }),
    ]);
  });

  it.each(['short1!', 'alllowercaseletters', 'NoDigitsOrSymbols', '12345678abc'])(
    'refuses the weak password %s',
    async (password) => {
      await expectBadRequest(
        newUser({ passwordProfile: { password } }),
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      );
    },
  );

  it.each([
    ['displayName', 'x'.repeat(257)],
    ['givenName', 'x'.repeat(65)],
    ['surname', 'x'.repeat(65)],
    ['employeeId', 'E12345678901234567'],
    ['department', 'x'.repeat(65)],
    ['city', 'x'.repeat(129)],
    ['state', 'x'.repeat(129)],
    ['country', 'x'.repeat(129)],
    ['mailNickname', 'x'.repeat(65)],
    ['usageLocation', 'USA'],
    ['accountEnabled', 'yes'],
  ])('refuses an invalid %s', async (property, value) => {
    await expectBadRequest(newUser({ [property]: value }), invalid(property));
  });

  it('accepts values exactly at the limits', async () => {
    const res = await h.graph('/v1.0/users', {
      method: 'POST',
      body: newUser({ employeeId: 'E'.repeat(16), givenName: 'g'.repeat(64), displayName: 'd'.repeat(256) }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses unknown and read-only properties', async () => {
    await expectBadRequest(
      newUser({ favouriteColour: 'blue' }),
      "Property 'favouriteColour' does not exist as a declared property or extension property.",
    );
    await expectBadRequest(
      newUser({ id: '00000000-0000-4000-8000-000000000001' }),
      "Property 'id' is read-only and cannot be set.",
    );
    await expectBadRequest(
      newUser({ createdDateTime: '2020-01-01T00:00:00Z' }),
      "Property 'createdDateTime' is read-only and cannot be set.",
    );
  });

  it('refuses a body that is not a JSON object', async () => {
    await expectBadRequest([1, 2], 'Empty Payload. JSON content expected.', 'BadRequest');
  });
});

describe('PATCH /users/{id}', () => {
  it('updates, answers 204 with no body, and the change reads back', async () => {
    const created = await h.graph('/v1.0/users', { method: 'POST', body: newUser({ jobTitle: 'Analyst' }) });
    const id = created.json.id as string;
    const res = await h.graph(`/v1.0/users/${id}`, {
      method: 'PATCH',
      body: {
        department: 'Marketing',
        city: 'Redmond',
        employeeId: 'E12345',
        jobTitle: null,
        accountEnabled: false,
      },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const read = await h.graph(
      `/v1.0/users/${id}?$select=department,city,employeeId,jobTitle,accountEnabled`,
    );
    expect(read.json).toMatchObject({
      department: 'Marketing',
      city: 'Redmond',
      employeeId: 'E12345',
      jobTitle: null,
      accountEnabled: false,
    });
  });

  it('addresses the user by key form too', async () => {
    const res = await h.graph(`/v1.0/users('$admin@contoso.onmicrosoft.com')`, {
      method: 'PATCH',
      body: { officeLocation: 'HQ' },
    });
    expect(res.status).toBe(204);
    expect(h.emulator.state.getUser(h.emulator.demo.tenantId, FIXTURE_IDS.dollar)?.['officeLocation']).toBe(
      'HQ',
    );
  });

  it('refuses to clear displayName and validates limits', async () => {
    for (const body of [{ displayName: null }, { displayName: '' }]) {
      const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}`, { method: 'PATCH', body });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe(invalid('displayName'));
    }
    const res = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}`, {
      method: 'PATCH',
      body: { employeeId: 'x'.repeat(17) },
    });
    expect(res.json.error.message).toBe(invalid('employeeId'));
  });

  it('checks password complexity on passwordProfile updates', async () => {
    const weak = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}`, {
      method: 'PATCH',
      body: { passwordProfile: { password: 'weakpassword' } },
    });
    expect(weak.status).toBe(400);
    const strong = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}`, {
      method: 'PATCH',
      body: { passwordProfile: { password: 'An0ther!Strong', forceChangePasswordNextSignIn: true } },
    });
    expect(strong.status).toBe(204);
  });

  it('makes a new mail the primary SMTP proxy address', async () => {
    const created = await h.graph('/v1.0/users', {
      method: 'POST',
      body: newUser({ mail: 'first@contoso.com' }),
    });
    const id = created.json.id as string;
    await h.graph(`/v1.0/users/${id}`, { method: 'PATCH', body: { mail: 'second@contoso.com' } });
    const read = await h.graph(`/v1.0/users/${id}?$select=mail,proxyAddresses`);
    expect(read.json.mail).toBe('second@contoso.com');
    expect(read.json.proxyAddresses).toEqual(['SMTP:second@contoso.com', 'smtp:first@contoso.com']);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await h.graph('/v1.0/users/00000000-0000-4000-8000-0000000000ff', {
      method: 'PATCH',
      body: { city: 'X' },
    });
    expect(res.status).toBe(404);
  });
});

describe('DELETE and deletedItems', () => {
  it('soft-deletes, lists, restores, and keeps the UPN reserved until purged', async () => {
    const body = newUser();
    const created = await h.graph('/v1.0/users', { method: 'POST', body });
    const id = created.json.id as string;

    const del = await h.graph(`/v1.0/users/${body.userPrincipalName}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await h.graph(`/v1.0/users/${id}`)).status).toBe(404);

    const listed = await h.graph('/v1.0/directory/deletedItems/microsoft.graph.user');
    expect(listed.status).toBe(200);
    const entry = listed.json.value.find((u: { id: string }) => u.id === id);
    expect(entry).toMatchObject({
      userPrincipalName: body.userPrincipalName,
      deletedDateTime: expect.any(String),
    });

    const again = await h.graph('/v1.0/users', { method: 'POST', body: { ...body, displayName: 'Clone' } });
    expect(again.status).toBe(400);
    expect(again.json.error.details[0].code).toBe('ObjectConflict');

    const restored = await h.graph(`/v1.0/directory/deletedItems/${id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect(restored.json).toMatchObject({ '@odata.type': '#microsoft.graph.user', id });
    expect((await h.graph(`/v1.0/users/${id}`)).status).toBe(200);

    await h.graph(`/v1.0/users/${id}`, { method: 'DELETE' });
    const purge = await h.graph(`/v1.0/directory/deletedItems/${id}`, { method: 'DELETE' });
    expect(purge.status).toBe(204);
    expect((await h.graph(`/v1.0/directory/deletedItems/${id}`)).status).toBe(404);
    const reuse = await h.graph('/v1.0/users', { method: 'POST', body });
    expect(reuse.status).toBe(201);
  });

  it('records every mutation in the change log with increasing sequence numbers', async () => {
    const tenant = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
    const start = tenant.changeLog.currentSeq;
    const created = await h.graph('/v1.0/users', { method: 'POST', body: newUser() });
    const id = created.json.id as string;
    await h.graph(`/v1.0/users/${id}`, { method: 'PATCH', body: { city: 'Oslo' } });
    await h.graph(`/v1.0/users/${id}`, { method: 'DELETE' });
    await h.graph(`/v1.0/directory/deletedItems/${id}/restore`, { method: 'POST' });
    await h.graph(`/v1.0/users/${id}`, { method: 'DELETE' });
    await h.graph(`/v1.0/directory/deletedItems/${id}`, { method: 'DELETE' });
    const entries = tenant.changeLog.since(start);
    expect(entries.map((e) => e.kind)).toEqual([
      'created',
      'updated',
      'softDeleted',
      'restored',
      'softDeleted',
      'hardDeleted',
    ]);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6].map((n) => start + n));
    expect(entries[1]).toMatchObject({ userId: id, changedProperties: ['city'] });
    expect(entries[0]!.changedProperties).not.toContain('password');
  });
});
