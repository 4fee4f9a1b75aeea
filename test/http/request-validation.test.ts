import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService, type InjectedService } from '../helpers/test-service.js';

describe('bad input gets a 400 problem naming the field', () => {
  let service: InjectedService;
  beforeAll(async () => {
    service = await buildTestService({ env: { BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => service.close());

  const validCreate = {
    createUserAccountEnabled: true,
    createUserDisplayName: 'V',
    createUserMailNickname: 'v',
    createUserPrincipalName: 'v@contoso.onmicrosoft.com',
    createUserPassword: 'Valid-Pa55word!',
  };

  it.each([
    ['read-user', {}, ['/userId']],
    ['delete-user', {}, ['/userId']],
    ['update-user', { city: 'Oslo' }, ['/userId']],
    [
      'create-user',
      {},
      [
        '/createUserAccountEnabled',
        '/createUserDisplayName',
        '/createUserMailNickname',
        '/createUserPrincipalName',
        '/createUserPassword',
      ],
    ],
  ])('%s without its required fields lists each of them', async (capability, body, paths) => {
    const response = await service.call(capability, body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', source: 'request', status: 400 });
    expect(response.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
  });

  it.each([
    ['read-user', { userId: 42 }, '/userId'],
    ['read-user', { userId: 'not a user' }, '/userId'],
    ['read-user', { userId: '../groups/x@y' }, '/userId'],
    ['read-user', { userId: 'a@b.com', select: 'displayName' }, '/select'],
    ['create-user', { ...validCreate, createUserAccountEnabled: 'true' }, '/createUserAccountEnabled'],
    ['update-user', { userId: 'a@b.com', employeeId: '12345678901234567' }, '/employeeId'],
    ['update-user', { userId: 'a@b.com', displayName: null }, '/displayName'],
    ['read-user', { userId: 'a@b.com', clientId: 'not-a-guid' }, '/clientId'],
    ['read-user', { userId: 'a@b.com', tenantId: 'contoso/../x' }, '/tenantId'],
  ])('%s with %j names %s', async (capability, body, path) => {
    const response = await service.call(capability, body);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('rejects an unknown field instead of ignoring it', async () => {
    const response = await service.call('read-user', { userId: 'a@b.com', userID: 'typo' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: '/userID', message: 'is not a known field' }]);
  });

  it('answers malformed JSON, a wrong content type and an oversized body with 4xx problems', async () => {
    const malformed = await service.http('POST', '/capabilities/read-user', '{"userId": ', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_JSON');

    const text = await service.http('POST', '/capabilities/read-user', 'userId=a', {
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const big = await service.call('read-user', { userId: 'a@b.com', select: ['x'.repeat(3000)] });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('BODY_TOO_LARGE');
  });

  it('answers an unknown route with a problem, not a bare 404', async () => {
    const response = await service.http('POST', '/capabilities/no-such-thing', {});
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404 });
  });

  it('keeps a safe caller request id and replaces an unsafe one', async () => {
    const kept = await service.http('GET', '/healthz', undefined, { 'x-request-id': 'caller-123' });
    expect(kept.headers['x-request-id']).toBe('caller-123');
    const replaced = await service.http('GET', '/healthz', undefined, { 'x-request-id': 'bad id\twith tab' });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
