import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// `yaml` comes with @fastify/swagger (a dependency), which uses it for the YAML OpenAPI document.
import { parse } from 'yaml';
import { parseDockerfile } from '../../scripts/dockerfile-plan.js';
import { renderEnvExample } from '../../scripts/env-example.js';
import { EnvSchema } from '../../src/config/env-schema.js';

const read = (name: string) => readFile(new URL(`../../${name}`, import.meta.url), 'utf8');

interface ComposeService {
  build?: string | { context: string; target?: string };
  image?: string;
  command?: string[];
  profiles?: string[];
  env_file?: string | Array<string | { path: string; required?: boolean }>;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
}

async function compose(): Promise<{
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}> {
  return parse(await read('docker-compose.yml'), { merge: true });
}

describe('docker-compose.yml', () => {
  it('runs Redis with an append-only file on a named volume', async () => {
    const { services, volumes } = await compose();
    const redis = services['redis']!;
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    const [volume, mountPoint] = (redis.volumes?.[0] ?? '').split(':');
    expect(mountPoint).toBe('/data');
    expect(volumes).toHaveProperty(volume!);
  });

  it('runs two live replicas of the image on the shared Redis, with secrets from .env', async () => {
    const { services } = await compose();
    const live = Object.entries(services).filter(
      ([, service]) => service.environment?.['GRAPH_MODE'] === 'live',
    );
    expect(live.length).toBeGreaterThanOrEqual(2);
    for (const [name, service] of live) {
      // The default target: the production image, which has no emulator.
      expect(service.build, name).toBe('.');
      expect(service.profiles, name).toBeUndefined();
      expect(service.environment?.['STATE_STORE_URL'], name).toBe('redis://redis:6379');
      expect(service.environment?.['HOST'], name).toBe('0.0.0.0');
      const envFiles = [service.env_file]
        .flat()
        .map((entry) => (typeof entry === 'object' ? entry.path : entry));
      expect(envFiles, name).toContain('.env');
      expect(service.depends_on?.['redis']?.condition, name).toBe('service_healthy');
      // No secret is written into the compose file itself.
      expect(
        Object.keys(service.environment ?? {}).filter((key) => /SECRET|API_KEYS/.test(key)),
        name,
      ).toEqual([]);
    }
    const hostPorts = live.map(([, service]) => service.ports?.[0]?.split(':')[0]);
    expect(new Set(hostPorts).size).toBe(live.length);
    for (const [, service] of live) expect(service.ports?.[0]?.split(':')[1]).toBe('3000');
  });

  it('offers the sandbox in its own profile, needing neither .env nor Redis', async () => {
    const { services } = await compose();
    const sandbox = services['sandbox']!;
    expect(sandbox.profiles).toEqual(['sandbox']);
    expect(sandbox.environment?.['GRAPH_MODE']).toBe('sandbox');
    expect(sandbox.env_file).toBeUndefined();
    expect(sandbox.depends_on).toBeUndefined();
    expect(sandbox.volumes?.[0]?.split(':')[1]).toBe('/data');
    // Only the Dockerfile's `sandbox` target carries the emulator the sandbox mode needs.
    expect(sandbox.build).toEqual({ context: '.', target: 'sandbox' });
    const stages = parseDockerfile(await read('Dockerfile')).map((stage) => stage.name);
    expect(stages).toContain('sandbox');
    expect(sandbox.image).not.toBe(services['replica-a']?.image);
  });

  it('sets only variables the service knows', async () => {
    const { services } = await compose();
    const known = Object.keys(EnvSchema.properties);
    for (const [name, service] of Object.entries(services)) {
      if (name === 'redis') continue;
      for (const variable of Object.keys(service.environment ?? {}))
        expect(known, `${name}: ${variable}`).toContain(variable);
    }
  });
});

describe('.env.example', () => {
  it('is generated from the env schema (run `npm run docs:env` after a change)', async () => {
    const example = await read('.env.example');
    expect(example).toBe(renderEnvExample());
    for (const name of Object.keys(EnvSchema.properties))
      expect(example).toMatch(new RegExp(`^(# )?${name}=`, 'm'));
  });

  it('leaves the live-mode credentials to fill in, with no value in the file', async () => {
    const assigned = (await read('.env.example')).split('\n').filter((line) => /^[A-Z_]+=/.test(line));
    expect(assigned.sort()).toEqual([
      'API_KEYS=',
      'AZURE_CLIENT_ID=',
      'AZURE_CLIENT_SECRET=',
      'AZURE_TENANT_ID=',
    ]);
  });
});
