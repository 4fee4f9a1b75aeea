import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_NAMES, CLOUD_PRESETS } from '../../src/config/cloud-presets.js';
import { parseConnectionsFile } from '../../src/config/connections-file.js';
import { loadConfig } from '../../src/config/load-config.js';
import { configErrorFor } from '../helpers/config-error-for.js';
import { type ScriptedGraphService, startScriptedGraphService } from '../helpers/scripted-graph-service.js';

describe('AZURE_CLOUD presets', () => {
  it.each([
    [undefined, 'https://graph.microsoft.com', 'https://login.microsoftonline.com'],
    ['public', 'https://graph.microsoft.com', 'https://login.microsoftonline.com'],
    ['usgov', 'https://graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['usgov-dod', 'https://dod-graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
  ])('AZURE_CLOUD=%s selects its Graph and authority origins', (cloud, graphBaseUrl, authorityHost) => {
    expect(loadConfig(cloud ? { AZURE_CLOUD: cloud } : {}).cloud).toEqual({ graphBaseUrl, authorityHost });
  });

  it('lets GRAPH_BASE_URL / AUTHORITY_HOST point at a test double or an alias of the same cloud', () => {
    expect(loadConfig({ AZURE_CLOUD: 'china', GRAPH_BASE_URL: 'http://127.0.0.1:4000/' }).cloud).toEqual({
      graphBaseUrl: 'http://127.0.0.1:4000',
      authorityHost: 'https://login.chinacloudapi.cn',
    });
    expect(
      loadConfig({ AZURE_CLOUD: 'china', AUTHORITY_HOST: 'https://login.partner.microsoftonline.cn' }).cloud
        .authorityHost,
    ).toBe('https://login.partner.microsoftonline.cn');
  });

  it.each([
    [{ AZURE_CLOUD: 'usgov', GRAPH_BASE_URL: 'https://graph.microsoft.com' }, 'GRAPH_BASE_URL'],
    [{ AZURE_CLOUD: 'usgov-dod', GRAPH_BASE_URL: 'https://graph.microsoft.us' }, 'GRAPH_BASE_URL'],
    [{ AZURE_CLOUD: 'china', AUTHORITY_HOST: 'https://login.microsoftonline.us' }, 'AUTHORITY_HOST'],
    [{ AZURE_CLOUD: 'public', AUTHORITY_HOST: 'https://login.chinacloudapi.cn' }, 'AUTHORITY_HOST'],
    [{ GRAPH_BASE_URL: 'https://microsoftgraph.chinacloudapi.cn' }, 'GRAPH_BASE_URL'],
    [
      { GRAPH_BASE_URL: 'https://graph.microsoft.us', AUTHORITY_HOST: 'https://login.chinacloudapi.cn' },
      'GRAPH_BASE_URL',
    ],
    [{ AZURE_CLOUD: 'germany' }, 'AZURE_CLOUD'],
  ])('refuses to start with %j, naming %s', (env, variable) => {
    const error = configErrorFor(env);
    expect(error.variable).toBe(variable);
  });

  it('gives a named connection no way to choose its own origins', () => {
    const connection = { tenantId: 't', clientId: 'c', clientSecret: 'named-cloud-secret' };
    for (const field of ['graphBaseUrl', 'authorityHost', 'cloud']) {
      const text = JSON.stringify({ other: { ...connection, [field]: 'https://graph.microsoft.us' } });
      expect(() => parseConnectionsFile(text), field).toThrow();
    }
  });
});

describe("a connection's token never goes to another cloud's origin", () => {
  let service: ScriptedGraphService;

  beforeAll(async () => {
    service = await startScriptedGraphService(
      { 'GET /v1.0/users': { status: 200, json: { value: [] } } },
      { authorityHost: CLOUD_PRESETS.usgov.authorityHost },
    );
  });
  afterAll(() => service.close());

  it('refuses endpoints naming any cloud origin before a token is even asked for', async () => {
    const hosts = CLOUD_NAMES.flatMap((name) =>
      [CLOUD_PRESETS[name].graphBaseUrl, CLOUD_PRESETS[name].authorityHost].map((url) => new URL(url).host),
    );
    for (const host of new Set(hosts)) {
      for (const endpoint of [`https://${host}/v1.0/users`, `//${host}/v1.0/users`, `x@${host}/v1.0/users`]) {
        const response = await service.call('make-a-custom-api-call', { endpoint, method: 'GET' });
        expect(response.status, endpoint).toBe(400);
        expect(response.body.code, endpoint).toBe('INVALID_ENDPOINT');
      }
    }
    expect(service.tokens.asked).toEqual([]);
    expect(service.graph.received).toEqual([]);
  });

  it('asks tokens for the configured cloud only, and sends them only to its Graph origin', async () => {
    const response = await service.call('make-a-custom-api-call', { endpoint: '/users', method: 'GET' });
    expect(response.status).toBe(200);
    expect(service.tokens.asked.map((a) => a.cloud)).toEqual([service.config.cloud]);
    expect(service.graph.received).toHaveLength(1);
    expect(service.graph.received[0]?.headers.host).toBe(new URL(service.graph.origin).host);
  });
});
