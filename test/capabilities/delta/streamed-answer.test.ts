import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

/** Polls until `check` holds (bounded): the test waits for an event, never for a fixed time. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await delay(25);
  }
  throw new Error(`timed out waiting until ${what}`);
}

const QUERY = '$select=displayName,mail';
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies ad hoc
type Answer = { output: any };

/** The text between a page's `"value":[` and the `]` that closes it (the emulator writes value last). */
const itemsOfGraphPage = (page: string) => page.slice(page.indexOf('"value":[') + 9, page.lastIndexOf(']'));

describe('query-user-changes and query-users write their answer as the pages arrive', () => {
  let service: TestService;
  let token: string;

  beforeAll(async () => {
    service = await startTestService();
    const { origin, demo } = service.emulator;
    const answer = await request(`${origin}/${demo.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: demo.clientId,
        client_secret: demo.clientSecret,
        scope: `${origin}/.default`,
      }).toString(),
    });
    token = ((await answer.body.json()) as { access_token: string }).access_token;
  });
  afterEach(() => {
    service.emulator.state.faults.clear();
    service.emulator.state.delta.update({ pageSize: 100 });
  });
  afterAll(() => service.close());

  /** Graph's pages as text, following nextLinks from `path`. */
  async function graphPages(path: string, limit = Number.POSITIVE_INFINITY): Promise<string[]> {
    const pages: string[] = [];
    let url: string | undefined = `${service.emulator.origin}/v1.0${path}`;
    while (url && pages.length < limit) {
      const res = await request(url, { headers: { authorization: `Bearer ${token}` } });
      const text: string = await res.body.text();
      pages.push(text);
      url = (JSON.parse(text) as { '@odata.nextLink'?: string })['@odata.nextLink'];
    }
    return pages;
  }

  const post = (capability: string, body: unknown, signal?: AbortSignal) =>
    request(`${service.url}/capabilities/${capability}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `stream-${Math.random()}` },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });

  it("a delta round over many pages answers Graph's items byte for byte, in one envelope", async () => {
    service.emulator.state.delta.update({ pageSize: 7 });
    const pages = await graphPages(`/users/delta?${QUERY}`);
    expect(pages.length).toBeGreaterThan(3);
    const graphItems = pages
      .map(itemsOfGraphPage)
      .filter((items) => items !== '')
      .join(',');

    const res = await post('query-user-changes', { userQuery: QUERY });
    const text = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(text.slice(text.indexOf('"value":[') + 9, text.indexOf('],"@odata.deltaLink"'))).toBe(graphItems);
    const { output } = JSON.parse(text);
    expect(Object.keys(output)).toEqual([
      'rawResponse',
      'statusCode',
      'headers',
      'resynced',
      'pages',
      'committed',
    ]);
    expect(output).toMatchObject({ statusCode: 200, pages: pages.length, resynced: false, committed: false });
    expect(output.rawResponse['@odata.context']).toBe(JSON.parse(pages[0]!)['@odata.context']);
    // The last page's link (its token carries the time it was issued, so it is not compared whole).
    expect(output.rawResponse['@odata.deltaLink']).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=/);
    expect(output.rawResponse.deltatoken).toBeTruthy();
    expect(output.rawResponse['@odata.nextLink']).toBeUndefined();
  });

  it('query-users with maxPages answers the pages Graph sent and the nextLink of the last one', async () => {
    const pages = await graphPages('/users?$top=5&$select=id,displayName', 3);
    const res = await post('query-users', { userQuery: '$top=5&$select=id,displayName', maxPages: 3 });
    const { output } = (await res.body.json()) as Answer;
    expect(res.statusCode).toBe(200);
    expect(output.rawResponse.value).toEqual(pages.flatMap((page) => JSON.parse(page).value));
    const skiptoken = (link: string) => new URL(link).searchParams.get('$skiptoken');
    expect(skiptoken(output.rawResponse['@odata.nextLink'])).toBe(
      skiptoken(JSON.parse(pages[2]!)['@odata.nextLink']),
    );
    expect(output).toMatchObject({ pages: 3, statusCode: 200, advancedQuery: false });
  });

  it('a caller that leaves mid-answer leaves the cursor where it was: the next call starts from it', async () => {
    const syncKey = 'left-mid-answer';
    service.emulator.state.delta.update({ pageSize: 5 });
    const opening = await post('query-user-changes', { userQuery: QUERY, syncKey, maxPages: 1 });
    expect(((await opening.body.json()) as { output: { committed: boolean } }).output.committed).toBe(true);
    const cursorOf = async () => (await service.http('GET', `/sync-cursors/${syncKey}`)).body;
    await eventually(async () => (await cursorOf()).version === 1, 'the first page was committed');
    const before = await cursorOf();

    // The first page of this call comes at once, every later one slowly: the caller has part of
    // the answer and leaves while the service still walks.
    service.emulator.state.faults.arm([
      { path: '/users/delta', latencyMs: 1, count: 1 },
      { path: '/users/delta', latencyMs: 1_000 },
    ]);
    const abort = new AbortController();
    const requestId = 'stream-left-0001';
    const res = await request(`${service.url}/capabilities/query-user-changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ syncKey }),
      signal: abort.signal,
    });
    expect(res.statusCode).toBe(200);
    let received = '';
    try {
      for await (const chunk of res.body) {
        received += chunk.toString();
        if (/"id":"[^"]+"/.test(received)) abort.abort();
      }
    } catch {
      // the abort
    }
    const firstSeen = /"id":"([^"]+)"/.exec(received)?.[1];
    expect(firstSeen).toBeDefined();
    await eventually(
      () =>
        service.logs.some((line) => line.includes(requestId) && line.includes('sync cursor not advanced')),
      'the service saw the caller leave',
    );
    service.emulator.state.faults.clear();
    expect(await cursorOf()).toEqual(before);

    const again = await post('query-user-changes', { syncKey });
    const { output } = (await again.body.json()) as Answer;
    expect(output.rawResponse.value[0].id).toBe(firstSeen);
    expect(output).toMatchObject({ committed: true, cursorVersion: 2 });
  });

  it('a page that fails after the first was written cuts the answer off: the caller cannot take it for complete', async () => {
    const syncKey = 'cut-off';
    service.emulator.state.delta.update({ pageSize: 5 });
    // Page 1 as usual; page 2 held long enough for page 1 to be on the wire, then throttled for
    // longer than the call may wait.
    service.emulator.state.faults.arm([
      { path: '/users/delta', latencyMs: 1, count: 1 },
      { path: '/users/delta', latencyMs: 300, status: 429, retryAfter: 3600 },
    ]);
    const res = await post('query-user-changes', { userQuery: QUERY, syncKey });
    expect(res.statusCode).toBe(200);
    let received = '';
    const read = (async () => {
      for await (const chunk of res.body) received += chunk.toString();
    })();
    await expect(read).rejects.toThrow();
    expect(received.startsWith('{"output":{"rawResponse":{')).toBe(true);
    expect(received).toMatch(/"id":"/);
    expect(() => JSON.parse(received)).toThrow();
    service.emulator.state.faults.clear();
    // Nothing was committed: the cursor does not exist yet.
    expect((await service.http('GET', `/sync-cursors/${syncKey}`)).status).toBe(404);
  });
});
