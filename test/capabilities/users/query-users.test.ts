import type { TenantCredentials } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

describe('query-users against the emulator', () => {
  let service: TestService;
  let tenant: TenantCredentials;
  let credentials: Record<string, string>;

  beforeAll(async () => {
    service = await startTestService();
    tenant = service.emulator.state.addTenant({ domains: ['paging.example'], seedUsers: 250 });
    service.secrets.add(tenant.clientSecret);
    credentials = { tenantId: tenant.tenantId, clientId: tenant.clientId, clientSecret: tenant.clientSecret };
  });
  afterAll(() => service.close());

  it('returns one page by default, with the nextLink that says more remain', async () => {
    const response = await service.call('query-users', {
      ...credentials,
      userQuery: '$select=id,displayName',
    });
    expect(response.status).toBe(200);
    const raw = response.body.output.rawResponse;
    expect(raw.value).toHaveLength(100);
    expect(raw['@odata.nextLink']).toContain('$skiptoken=');
    expect(response.body.output.pages).toBe(1);
    expect(response.body.output.advancedQuery).toBe(false);
  });

  it("hands one page on as Graph's own text, equal to the parsed path's answer, nulls included", async () => {
    const query = { ...credentials, userQuery: '$top=999&$select=id,displayName,mail,jobTitle,mobilePhone' };
    const verbatim = await service.call('query-users', { ...query, maxPages: 1 });
    const parsed = await service.call('query-users', { ...query, maxPages: 2 });
    expect(verbatim.status).toBe(200);
    expect(verbatim.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(verbatim.headers['x-request-id']).toBeTruthy();
    expect(verbatim.headers['content-security-policy']).toContain("default-src 'none'");
    expect(verbatim.body.output.rawResponse.value).toHaveLength(250);
    expect(
      verbatim.body.output.rawResponse.value.some(
        (user: { mobilePhone?: unknown }) => user.mobilePhone === null,
      ),
    ).toBe(true);
    // Same answer both ways, apart from the per-call ids Graph sends back.
    const { headers: verbatimHeaders, ...verbatimOutput } = verbatim.body.output;
    const { headers: parsedHeaders, ...parsedOutput } = parsed.body.output;
    expect(verbatimOutput).toEqual(parsedOutput);
    expect(Object.keys(verbatimHeaders).sort()).toEqual(Object.keys(parsedHeaders).sort());
  });

  it('follows pages up to maxPages across boundaries with exact counts', async () => {
    const two = await service.call('query-users', {
      ...credentials,
      userQuery: '$top=100&$select=id',
      maxPages: 2,
    });
    expect(two.body.output.rawResponse.value).toHaveLength(200);
    expect(two.body.output.rawResponse['@odata.nextLink']).toBeDefined();

    const all = await service.call('query-users', {
      ...credentials,
      userQuery: '$top=100&$select=id',
      maxPages: 5,
    });
    const ids: string[] = all.body.output.rawResponse.value.map((user: { id: string }) => user.id);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(all.body.output.pages).toBe(3);
    expect(all.body.output.rawResponse['@odata.nextLink']).toBeUndefined();
  });

  it('continues from a returned skiptoken without repeating users', async () => {
    const first = await service.call('query-users', { ...credentials, userQuery: '$top=100&$select=id' });
    const next: string = first.body.output.rawResponse['@odata.nextLink'];
    const skiptoken = new URL(next).searchParams.get('$skiptoken');
    const rest = await service.call('query-users', {
      ...credentials,
      userQuery: `$top=100&$select=id&$skiptoken=${encodeURIComponent(skiptoken ?? '')}`,
      maxPages: 5,
    });
    const firstIds = first.body.output.rawResponse.value.map((user: { id: string }) => user.id);
    const restIds = rest.body.output.rawResponse.value.map((user: { id: string }) => user.id);
    expect(restIds).toHaveLength(150);
    expect(restIds.some((id: string) => firstIds.includes(id))).toBe(false);
  });

  it('makes an advanced query work without the caller knowing about ConsistencyLevel', async () => {
    const response = await service.call('query-users', {
      userQuery: "$filter=endswith(mail,'@contoso.com')&$select=id,mail",
    });
    expect(response.status).toBe(200);
    expect(response.body.output.advancedQuery).toBe(true);
    const users = response.body.output.rawResponse.value as Array<{ mail: string }>;
    expect(users.length).toBeGreaterThan(10);
    for (const user of users) expect(user.mail.toLowerCase().endsWith('@contoso.com')).toBe(true);
    // $count=true was added along with the header: Graph answers the count on page 1.
    expect(response.body.output.rawResponse['@odata.count']).toBe(users.length);
  });

  it("passes Graph's refusal through when the caller turns the rule off", async () => {
    const response = await service.call('query-users', {
      userQuery: "$filter=endswith(mail,'@contoso.onmicrosoft.com')",
      consistencyLevel: 'none',
    });
    expect(response.status).toBe(400);
    expect(response.body.graph.code).toBe('Request_UnsupportedQuery');
  });

  it('refuses options that are not OData system query options, naming them', async () => {
    const response = await service.call('query-users', { userQuery: '$select=id&api-version=2' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('UNSUPPORTED_QUERY_OPTION');
    expect(response.body.detail).toContain('api-version');
    const top = await service.call('query-users', { userQuery: '$top=1000' });
    expect(top.body.code).toBe('INVALID_QUERY_OPTION');
  });
});
