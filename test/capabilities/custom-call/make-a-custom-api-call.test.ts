import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

const PASSWORD = 'Custom-Call-Pa55word!';

describe('make-a-custom-api-call against the emulator', () => {
  let service: TestService;
  let domain: string;

  beforeAll(async () => {
    service = await startTestService();
    service.secrets.add(PASSWORD);
    domain = service.emulator.demo.domain;
  });
  afterAll(() => service.close());

  const custom = (body: Record<string, unknown>) => service.call('make-a-custom-api-call', body);

  it('reads a user by UPN, guest-style %23 included, with a $select query parameter', async () => {
    const response = await custom({
      endpoint: `/users/o'brien@${domain}`,
      method: 'GET',
      customQueryParams: [{ key: '$select', value: 'id,displayName,userPrincipalName' }],
    });
    expect(response.status).toBe(200);
    const { output } = response.body;
    expect(output.statusCode).toBe(200);
    expect(output.bodyEncoding).toBe('json');
    expect(output.contentType).toMatch(/^application\/json/);
    expect(output.rawResponse.userPrincipalName).toBe(`o'brien@${domain}`);
    // $select was applied: only the three properties (plus the context) came back.
    expect(Object.keys(output.rawResponse).sort()).toEqual(
      ['@odata.context', 'displayName', 'id', 'userPrincipalName'].sort(),
    );
    expect(output.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates with POST, changes with PATCH, reads the change with GET, and deletes with DELETE (204)', async () => {
    const upn = `custom.call@${domain}`;
    const created = await custom({
      endpoint: '/users',
      method: 'POST',
      bodyData: {
        accountEnabled: true,
        displayName: 'Custom Call',
        mailNickname: 'custom.call',
        userPrincipalName: upn,
        passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: true },
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.output.statusCode).toBe(201);
    const id = created.body.output.rawResponse.id as string;
    expect(JSON.stringify(created.body)).not.toContain(PASSWORD);

    const patched = await custom({
      endpoint: `/users/${id}`,
      method: 'PATCH',
      bodyData: { department: 'Ops' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.output).toMatchObject({
      statusCode: 204,
      rawResponse: { ok: true },
      bodyEncoding: 'none',
    });

    const read = await custom({
      endpoint: `/users/${id}?$select=department,displayName`,
      method: 'GET',
      bodyData: {},
    });
    expect(read.body.output.rawResponse).toMatchObject({ department: 'Ops', displayName: 'Custom Call' });

    const deleted = await custom({ endpoint: `/users/${id}`, method: 'DELETE' });
    expect(deleted.body.output).toMatchObject({ statusCode: 204, rawResponse: { ok: true } });
    expect(service.emulator.state.getUser(service.emulator.demo.tenantId, id)).toBeUndefined();
  });

  it('passes a text answer through as a string (GET /users/$count with ConsistencyLevel)', async () => {
    const response = await custom({
      endpoint: '/users/$count',
      method: 'GET',
      headers: [{ key: 'ConsistencyLevel', value: 'eventual' }],
    });
    expect(response.status).toBe(200);
    expect(response.body.output.bodyEncoding).toBe('text');
    expect(response.body.output.rawResponse).toMatch(/^\d+$/);
    expect(Number(response.body.output.rawResponse)).toBeGreaterThan(0);
  });

  it("maps Graph's 404 to RESOURCE_NOT_FOUND with Graph's code", async () => {
    const response = await custom({ endpoint: `/users/nobody@${domain}`, method: 'GET' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      source: 'graph',
      graph: { code: 'Request_ResourceNotFound' },
    });
  });

  it('refuses a bad endpoint with INVALID_ENDPOINT naming the problem, before any Graph call', async () => {
    const before = service.emulator.state.graphRequests;
    const response = await custom({ endpoint: '/users/../../admin', method: 'GET' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_ENDPOINT');
    expect(response.body.errors).toEqual([
      { path: '/endpoint', message: expect.stringContaining('dot segment') },
    ]);
    expect(service.emulator.state.graphRequests).toBe(before);
  });

  it('refuses a forbidden header with FORBIDDEN_HEADER naming it', async () => {
    const response = await custom({
      endpoint: '/users',
      method: 'GET',
      headers: [
        { key: 'ConsistencyLevel', value: 'eventual' },
        { key: 'Authorization', value: 'Bearer something-else' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('FORBIDDEN_HEADER');
    expect(response.body.detail).toContain('Authorization');
    expect(response.body.errors).toEqual([{ path: '/headers/1/key', message: expect.any(String) }]);
  });

  it('refuses a non-empty body on GET and an unknown method', async () => {
    const withBody = await custom({ endpoint: '/users', method: 'GET', bodyData: { a: 1 } });
    expect(withBody.status).toBe(400);
    expect(withBody.body.code).toBe('BODY_NOT_ALLOWED');
    const badMethod = await custom({ endpoint: '/users', method: 'TRACE' });
    expect(badMethod.status).toBe(400);
    expect(badMethod.body.errors[0].path).toBe('/method');
  });
});
