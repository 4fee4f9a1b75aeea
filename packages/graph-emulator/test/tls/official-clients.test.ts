// Microsoft's official clients, unmodified, against the TLS emulator: the client side runs in a
// child process (test/fixtures/official-clients.ts) given only NODE_EXTRA_CA_CERTS and the origin.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator-app.js';
import { cleanEnvironment, runTs } from './child-process.js';

const FIXTURE = 'test/fixtures/official-clients.ts';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ tls: true, seedUsers: 30, delta: { pageSize: 7 } });
}, 60_000);
afterAll(() => emulator.close());

const clientEnvironment = (extra: Record<string, string> = {}) =>
  cleanEnvironment({
    GRAPH_EMULATOR_ORIGIN: emulator.origin,
    AZURE_TENANT_ID: emulator.demo.tenantId,
    AZURE_CLIENT_ID: emulator.demo.clientId,
    AZURE_CLIENT_SECRET: emulator.demo.clientSecret,
    ...extra,
  });

describe('official clients against the TLS emulator', () => {
  it('get a token with @azure/identity, page users and run a delta round with the Graph client', async () => {
    const tokensBefore = emulator.state.tokenRequests(emulator.demo.tenantId);
    const result = await runTs(
      FIXTURE,
      clientEnvironment({ NODE_EXTRA_CA_CERTS: emulator.caCertificatePath! }),
    );
    expect(result.code, result.stderr).toBe(0);
    const seen = JSON.parse(result.stdout.trim().split('\n').at(-1)!);

    expect(seen.token.length).toBeGreaterThan(100);
    expect(seen.token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    expect(emulator.state.tokenRequests(emulator.demo.tenantId)).toBeGreaterThan(tokensBefore);

    // PageIterator followed the https nextLinks across every page of 7.
    expect(seen.users.firstNextLink.startsWith(`${emulator.origin}/v1.0/users?`)).toBe(true);
    expect(seen.users.ids).toHaveLength(30);
    expect(new Set(seen.users.ids).size).toBe(30);

    // A whole delta round across pages, then the deltaLink answers the change made in between.
    expect(seen.delta.firstRoundNextLink.startsWith(`${emulator.origin}/v1.0/users/delta?`)).toBe(true);
    expect(seen.delta.firstRoundCount).toBe(30);
    expect(seen.delta.deltaLink.startsWith(`${emulator.origin}/v1.0/users/delta?$deltatoken=`)).toBe(true);
    expect(seen.delta.secondRound).toEqual([
      expect.objectContaining({ id: seen.changedId, displayName: 'Changed Through The SDK' }),
    ]);
    expect(seen.delta.secondRoundDeltaLink.startsWith(emulator.origin)).toBe(true);
    expect(emulator.state.getUser(emulator.demo.tenantId, seen.changedId)?.['displayName']).toBe(
      'Changed Through The SDK',
    );
  }, 90_000);

  it('fail on the certificate without NODE_EXTRA_CA_CERTS: the CA is what makes them work', async () => {
    const tokensBefore = emulator.state.tokenRequests();
    const result = await runTs(FIXTURE, clientEnvironment());
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    // MSAL reports the failed TLS handshake to the discovery document as endpoints_resolution_error.
    expect(result.stderr).toMatch(/certificate|SELF_SIGNED|UNABLE_TO_VERIFY|endpoints_resolution_error/i);
    expect(emulator.state.tokenRequests()).toBe(tokensBefore);
  }, 90_000);
});
