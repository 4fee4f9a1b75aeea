/** The whole pipeline (MSAL token provider + Graph client) against the emulator on port 0. */

import {
  FIXTURE_IDS,
  FIXTURE_UPNS,
  type RunningEmulator,
  startEmulator,
} from '@entra-user-management/graph-emulator';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEndpoints, Connection } from '../../src/config/connection.js';
import { GraphClient } from '../../src/graph/graph-client.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { userPath } from '../../src/graph/user-path.js';
import { MsalTokenProvider } from '../../src/identity/msal-token-provider.js';
import { createTransport } from '../../src/net/transport.js';

let emulator: RunningEmulator;
let agent: Agent;
let tokens: MsalTokenProvider;
let client: GraphClient;
let demo: Connection;

beforeAll(async () => {
  emulator = await startEmulator({ seedUsers: 10 });
  agent = createTransport({ keepAliveTimeoutMs: 10 });
  tokens = new MsalTokenProvider({ dispatcher: agent });
  const cloud: CloudEndpoints = { authorityHost: emulator.origin, graphBaseUrl: emulator.origin };
  client = new GraphClient({ cloud, apiVersion: 'v1.0', tokens, dispatcher: agent });
  demo = {
    tenantId: emulator.demo.tenantId,
    clientId: emulator.demo.clientId,
    clientSecret: emulator.demo.clientSecret,
  };
});

afterAll(async () => {
  await tokens.close();
  await agent.close();
  await emulator.close();
});

const read = (userId: string) =>
  client.send<{ id: string; userPrincipalName: string }>({
    connection: demo,
    method: 'GET',
    path: userPath(userId),
    query: '$select=id,userPrincipalName',
    requestId: `read-${userId}`,
  });

describe('GraphClient + MsalTokenProvider against the emulator', () => {
  it.each([
    ['a guest #EXT# UPN', FIXTURE_UPNS.guest, FIXTURE_IDS.guest],
    ['a UPN with an apostrophe', FIXTURE_UPNS.apostrophe, FIXTURE_IDS.apostrophe],
    ['a UPN starting with $', FIXTURE_UPNS.dollar, FIXTURE_IDS.dollar],
    ['an object id', FIXTURE_IDS.guest, FIXTURE_IDS.guest],
  ])('reaches the right user by %s', async (_name, userId, id) => {
    const res = await read(userId);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(id);
    expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps a missing user to GraphError 404 Request_ResourceNotFound', async () => {
    const err = await read('nobody@contoso.onmicrosoft.com').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
  });

  it('gets a fresh token once Graph says the cached one is invalid', async () => {
    await read(FIXTURE_IDS.guest);
    const before = emulator.state.tokenRequests(demo.tenantId);
    emulator.state.expireTokens(demo.tenantId);
    const res = await read(FIXTURE_IDS.guest);
    expect(res.status).toBe(200);
    expect(emulator.state.tokenRequests(demo.tenantId)).toBe(before + 1);
  });
});
