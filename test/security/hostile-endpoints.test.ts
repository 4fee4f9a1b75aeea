import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_ENDPOINTS } from '../helpers/hostile-endpoints.js';
import { type ScriptedOrigin, startScriptedOrigin } from '../helpers/scripted-origin.js';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

/** Identity calls (token, discovery) also pass the proxy: they carry no bearer token. */
const IDENTITY_PATH =
  /^\/(?:common\/discovery\/instance|[^/]+\/(?:oauth2\/v2\.0\/token|v2\.0\/\.well-known\/))/;

describe('hostile custom-call endpoints never leave the Graph origin', () => {
  let decoy: ScriptedOrigin;
  let graph: RecordingProxy;
  let service: TestService;

  beforeAll(async () => {
    decoy = await startScriptedOrigin({ '*': { status: 200, json: { decoy: true } } });
    graph = await startRecordingProxy();
    service = await startTestService({
      config: { cloud: { graphBaseUrl: graph.origin, authorityHost: graph.origin } },
    });
    graph.upstream = service.emulator.origin;
  });
  afterAll(async () => {
    await service.close();
    await graph.close();
    await decoy.close();
  });

  it('has a corpus of at least 40 values, most of which must be refused', () => {
    expect(HOSTILE_ENDPOINTS.length).toBeGreaterThanOrEqual(40);
    expect(HOSTILE_ENDPOINTS.filter((h) => h.expect === 'reject').length).toBeGreaterThanOrEqual(40);
  });

  /** Sends every corpus value as GET and POST; yields each value with its answer and what reached Graph. */
  async function* sendCorpus() {
    for (const { value: template, expect: expected } of HOSTILE_ENDPOINTS) {
      const endpoint = template.replaceAll('DECOY', decoy.hostPort);
      for (const method of ['GET', 'POST'] as const) {
        const before = graph.recorded.length;
        const response = await service.call('make-a-custom-api-call', { endpoint, method });
        const sent = graph.recorded.slice(before).filter((r) => !IDENTITY_PATH.test(r.url));
        yield { label: JSON.stringify(endpoint), expected, response, sent };
      }
    }
  }

  it('refuses each value with 400 before any Graph call, or keeps it under /v1.0 on the Graph origin', async () => {
    for await (const { label, expected, response, sent } of sendCorpus()) {
      expect(response.status, label).toBeLessThan(500);
      if (expected === 'reject') {
        expect(response.status, label).toBe(400);
        expect(response.body.source, label).toBe('request');
        expect(['INVALID_ENDPOINT', 'VALIDATION_FAILED'], label).toContain(response.body.code);
        expect(response.body.errors[0].path, label).toBe('/endpoint');
        expect(sent, label).toEqual([]);
      } else {
        expect(sent.length, label).toBeGreaterThan(0);
      }
    }
    expect(decoy.connections()).toBe(0);
    expect(decoy.received).toEqual([]);
  });

  it('sends every bearer token only to the Graph origin, under /v1.0/ once normalised', async () => {
    // Its own calls: this test must not depend on what another test happened to send.
    const before = graph.recorded.length;
    for await (const _ of sendCorpus());
    const recorded = graph.recorded.slice(before);
    const graphCalls = recorded.filter((r) => r.headers.authorization !== undefined);
    expect(graphCalls.length).toBeGreaterThan(0);
    for (const call of graphCalls) {
      expect(call.url.startsWith('/v1.0/'), call.url).toBe(true);
      // What a server that resolves dot segments would see: still below the version root.
      expect(new URL(call.url, 'http://graph.invalid').pathname.startsWith('/v1.0/'), call.url).toBe(true);
      expect(call.headers.host).toBe(new URL(graph.origin).host);
    }
    const others = recorded.filter((r) => r.headers.authorization === undefined);
    for (const call of others) expect(call.url, call.url).toMatch(IDENTITY_PATH);
    expect(decoy.connections()).toBe(0);
  });
});
