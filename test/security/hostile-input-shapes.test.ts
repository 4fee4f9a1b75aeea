import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCursorStore } from '../../src/stores/memory-store.js';
import { buildTestService, type CallResult, type InjectedService } from '../helpers/test-service.js';

const USER = 'adele.vance@contoso.onmicrosoft.com';
/** `{"a": [[[...]]]}` with `levels` arrays: valid JSON that JSON.stringify cannot write back. */
const deeplyNested = (levels: number) => `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}`;

describe('input a Graph call cannot carry is a 400 naming the field, never a 500', () => {
  let service: InjectedService;
  const cursors = new MemoryCursorStore();

  beforeAll(async () => {
    service = await buildTestService({ dependencies: { cursors } });
  });
  afterAll(() => service.close());

  const expectFieldProblem = (response: CallResult, code: string, path: string) => {
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.code).toBe(code);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  };

  it.each([
    [
      'make-a-custom-api-call',
      `{"endpoint":"/users","method":"POST","bodyData":${deeplyNested(200_000)}}`,
      '/bodyData',
    ],
    ['update-user', `{"userId":"${USER}","otherAttributes":${deeplyNested(200_000)}}`, '/otherAttributes'],
    [
      'make-a-custom-api-call',
      `{"endpoint":"/users","method":"POST","bodyData":${deeplyNested(100)}}`,
      '/bodyData',
    ],
  ])('%s refuses nesting too deep to send on (%#)', async (capability, body, path) => {
    const response = await service.call(capability, body);
    expectFieldProblem(response, 'VALIDATION_FAILED', path);
    expect(response.body.errors[0].message).toMatch(/nest/);
  });

  it.each([
    ['read-user', `{"userId":"a\\ud800@contoso.onmicrosoft.com"}`, '/userId'],
    ['read-user', `{"userId":"a\\udc00b@contoso.onmicrosoft.com"}`, '/userId'],
    ['query-users', `{"userQuery":"$filter=startswith(displayName,'\\ud800')"}`, '/userQuery'],
    [
      'make-a-custom-api-call',
      `{"endpoint":"/users","method":"GET","customQueryParams":[{"key":"$search","value":"\\ud800"}]}`,
      '/customQueryParams/0/value',
    ],
    ['make-a-custom-api-call', `{"endpoint":"/users?x=\\ud800","method":"GET"}`, '/endpoint'],
    ['make-a-custom-api-call', `{"endpoint":"/users","method":"POST","bodyData":{"\\ud800":1}}`, '/bodyData'],
  ])('%s refuses a lone UTF-16 surrogate (%#)', async (capability, body, path) => {
    const response = await service.call(capability, body);
    expectFieldProblem(response, 'VALIDATION_FAILED', path);
    expect(response.body.errors[0].message).toMatch(/surrogate/);
  });

  it('accepts a surrogate pair (an escaped emoji) as the character it is', async () => {
    const response = await service.call('read-user', '{"userId":"\\ud83d\\ude00@contoso.onmicrosoft.com"}');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('USER_NOT_FOUND');
  });

  it.each([
    '/users/delta?$deltatoken=%zz',
    '/users/delta?$skiptoken=%E0%A4%A',
    '/users/delta?%zz=1',
    'GRAPH/v1.0/users/delta?$deltatoken=%',
  ])('refuses to store the cursor link %s (a bad percent-escape)', async (link) => {
    const response = await service.http('PUT', '/sync-cursors/bad-escape', {
      link: link.replace('GRAPH', service.emulator.origin),
      userQuery: '$select=displayName',
    });
    expectFieldProblem(response, 'INVALID_CURSOR_LINK', '/link');
  });

  it('answers 400 INVALID_CURSOR_LINK for a cursor stored with a bad % escape', async () => {
    const { tenantId, clientId } = service.config.defaultConnection!;
    await cursors.put(
      { tenantId: tenantId.toLowerCase(), clientId, syncKey: 'stored-bad-escape' },
      { link: '/users/delta?$deltatoken=%zz', linkKind: 'delta', userQuery: '' },
    );
    const response = await service.call('query-user-changes', { syncKey: 'stored-bad-escape' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_CURSOR_LINK');
  });
});
