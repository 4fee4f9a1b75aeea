import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const PASSWORD = 'Lifecycle-Pa55word!';
const NEW_PASSWORD = 'Rotated-Pa55word!';

describe('user lifecycle against the emulator, with the default connection', () => {
  let service: TestService;
  let domain: string;

  beforeAll(async () => {
    service = await startTestService();
    service.secrets.add(PASSWORD).add(NEW_PASSWORD);
    domain = service.emulator.demo.domain;
  });
  afterAll(() => service.close());

  it('creates, reads, updates and deletes a user with no credentials in the body', async () => {
    const upn = `jordan.lifecycle@${domain}`;
    const created = await service.call('create-user', {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Jordan Lifecycle',
      createUserMailNickname: 'jordan.lifecycle',
      createUserPrincipalName: upn,
      createUserPassword: PASSWORD,
      forceChangePasswordNextSignIn: true,
      otherAttributes: { givenName: 'Jordan', usageLocation: 'US' },
    });
    expect(created.status).toBe(200);
    expect(created.body.output.statusCode).toBe(201);
    const user = created.body.output.rawResponse;
    expect(user.userPrincipalName).toBe(upn);
    expect(user.givenName).toBe('Jordan');
    expect(user.jobTitle).toBeNull(); // Graph's nulls survive serialisation
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.output.headers['request-id']).toBeTruthy();
    expect(JSON.stringify(created.body)).not.toContain(PASSWORD);

    const read = await service.call('read-user', { userId: user.id });
    expect(read.status).toBe(200);
    expect(read.body.output.rawResponse.displayName).toBe('Jordan Lifecycle');
    expect(Object.keys(read.body.output.rawResponse)).toEqual(
      expect.arrayContaining([
        'businessPhones',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
      ]),
    );

    const updated = await service.call('update-user', {
      userId: upn,
      department: 'Finance',
      employeeId: 'E-0042',
      givenName: null,
      password: NEW_PASSWORD,
      forceChangePasswordNextSignIn: false,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 204 });

    const selected = await service.call('read-user', {
      userId: upn,
      select: ['department', 'employeeId', 'givenName', 'usageLocation'],
    });
    expect(selected.body.output.rawResponse).toMatchObject({
      department: 'Finance',
      employeeId: 'E-0042',
      givenName: null,
      usageLocation: 'US',
    });
    expect(selected.body.output.rawResponse.displayName).toBeUndefined();

    const deleted = await service.call('delete-user', { userId: user.id });
    expect(deleted.body.output).toMatchObject({ rawResponse: { ok: true }, statusCode: 204 });

    const gone = await service.call('read-user', { userId: user.id });
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).toContain('application/problem+json');
    expect(gone.body).toMatchObject({
      status: 404,
      code: 'USER_NOT_FOUND',
      source: 'graph',
      graph: { code: 'Request_ResourceNotFound' },
    });
    expect(gone.body.requestId).toBe(gone.headers['x-request-id']);
  });

  it.each([
    ['a guest (#EXT#) UPN', 'adele.vance_fabrikam.com#EXT#@contoso.onmicrosoft.com'],
    ['a UPN with an apostrophe', "o'brien@contoso.onmicrosoft.com"],
    ['a UPN starting with $', '$admin@contoso.onmicrosoft.com'],
  ])('reads %s', async (_label, upn) => {
    const read = await service.call('read-user', { userId: upn });
    expect(read.status).toBe(200);
    expect(read.body.output.rawResponse.userPrincipalName).toBe(upn);
  });

  it('maps Graph create failures to stable codes', async () => {
    const base = {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Dup',
      createUserMailNickname: 'dup',
      createUserPassword: PASSWORD,
    };
    const first = await service.call('create-user', { ...base, createUserPrincipalName: `dup@${domain}` });
    expect(first.status).toBe(200);
    const again = await service.call('create-user', { ...base, createUserPrincipalName: `DUP@${domain}` });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'USER_ALREADY_EXISTS', graph: { code: 'Request_BadRequest' } });

    const weak = await service.call('create-user', {
      ...base,
      createUserPrincipalName: `weak@${domain}`,
      createUserPassword: 'password',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_TOO_WEAK');
    expect(JSON.stringify(weak.body)).not.toContain('"password"');

    const foreign = await service.call('create-user', {
      ...base,
      createUserPrincipalName: 'x@not-verified.example',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('UPN_DOMAIN_NOT_VERIFIED');

    const tooLong = await service.call('create-user', {
      ...base,
      createUserPrincipalName: `long@${domain}`,
      otherAttributes: { employeeId: '12345678901234567' },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'INVALID_PROPERTY_VALUE', errors: [{ path: '/employeeId' }] });
  });

  it('answers USER_NOT_FOUND for update and delete of an unknown user', async () => {
    const update = await service.call('update-user', { userId: `nobody@${domain}`, city: 'Oslo' });
    expect(update.status).toBe(404);
    expect(update.body.code).toBe('USER_NOT_FOUND');
    const remove = await service.call('delete-user', { userId: '00000000-0000-4000-8000-000000000000' });
    expect(remove.status).toBe(404);
    expect(remove.body.code).toBe('USER_NOT_FOUND');
  });

  it('refuses an update with nothing to change, and otherAttributes that repeat a named field', async () => {
    const nothing = await service.call('update-user', { userId: `nobody@${domain}` });
    expect(nothing.status).toBe(400);
    expect(nothing.body.code).toBe('NOTHING_TO_UPDATE');
    const clash = await service.call('update-user', {
      userId: `nobody@${domain}`,
      city: 'Oslo',
      otherAttributes: { city: 'Bergen' },
    });
    expect(clash.status).toBe(400);
    expect(clash.body.errors).toEqual([{ path: '/otherAttributes/city', message: expect.any(String) }]);
  });
});
