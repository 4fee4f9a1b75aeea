import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ScriptedGraphService,
  startScriptedGraphService,
} from '../../helpers/scripted-graph-service.js';
import type { Script } from '../../helpers/scripted-origin.js';

/**
 * A cursor holds only what PUT /sync-cursors would accept: a users delta link of this Graph. A
 * link from Graph that is anything else (a hostile proxy, a broken upstream) is Graph's bad
 * answer (502), never stored and never a 500.
 */
describe('query-user-changes trusts only users delta links from Graph', () => {
  // Filled in per test: the links must name the scripted origin, known only once it listens.
  const script: Script = {};
  let service: ScriptedGraphService;
  beforeAll(async () => {
    service = await startScriptedGraphService(script);
  });
  afterAll(() => service.close());

  it.each([
    ['a /groups deltaLink', '@odata.deltaLink', '/v1.0/groups/delta?$deltatoken=x'],
    ['an encoded ../ deltaLink', '@odata.deltaLink', '/v1.0/users/delta/..%2f..%2fgroups?$deltatoken=x'],
    ['an encoded ../ nextLink', '@odata.nextLink', '/v1.0/users/delta/..%2F..%2Fgroups?$skiptoken=x'],
    ['a %2e%2e nextLink', '@odata.nextLink', '/v1.0/users/delta/%2e%2e/%2e%2e/groups?$skiptoken=x'],
  ])('answers 502 for %s and stores no cursor', async (_, name, link) => {
    script['GET /v1.0/users/delta'] = {
      status: 200,
      json: { value: [{ id: 'u1' }], [name]: `${service.graph.origin}${link}` },
    };
    const response = await service.call('query-user-changes', {
      userQuery: '$select=displayName',
      syncKey: 'hostile-link',
      maxPages: 5,
    });
    expect(response.status).toBe(502);
    expect(response.body.code).toBe('GRAPH_UNEXPECTED_LINK');
    expect((await service.http('GET', '/sync-cursors/hostile-link')).status).toBe(404);
  });

  it('stores a users delta link as it came', async () => {
    script['GET /v1.0/users/delta'] = {
      status: 200,
      json: {
        value: [{ id: 'u1' }],
        '@odata.deltaLink': `${service.graph.origin}/v1.0/users/delta?$deltatoken=ok`,
      },
    };
    const response = await service.call('query-user-changes', {
      userQuery: '$select=displayName',
      syncKey: 'fine-link',
    });
    expect(response.status).toBe(200);
    const cursor = await service.http('GET', '/sync-cursors/fine-link');
    expect(cursor.body.link).toBe(`${service.graph.origin}/v1.0/users/delta?$deltatoken=ok`);
  });
});
