import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/capabilities/registry.js';
import { documentedCalls } from '../helpers/documented-calls.js';
import { type SandboxService, startSandboxService } from '../helpers/sandbox-service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CALLER = fileURLToPath(new URL('./fixtures/typed-client.ts.txt', import.meta.url));

/** What the compiled caller code exports (see fixtures/typed-client.ts.txt). */
interface CallerModule {
  client(baseUrl: string): unknown;
  readUserDisplayName(api: unknown, userId: string): Promise<string | null | undefined>;
  readUserProblemCode(api: unknown, userId: string): Promise<string | undefined>;
  cursorVersion(api: unknown, syncKey: string): Promise<number>;
  post(api: unknown, path: string, body: unknown): Promise<number>;
}

/** Compiles `files` as a caller's strict project would, and returns tsc's diagnostics as text. */
function compile(files: string[], outDir: string): string[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    outDir,
    types: [],
  });
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  );
}

describe('clients generated from the OpenAPI document (openapi-typescript types with openapi-fetch)', () => {
  let service: SandboxService;
  let work: string;
  let caller: CallerModule;
  // biome-ignore lint/suspicious/noExplicitAny: the served document is read ad hoc
  let document: any;

  beforeAll(async () => {
    service = await startSandboxService();
    document = await (await fetch(`${service.url}/openapi.json`)).json();
    work = await mkdtemp(join(tmpdir(), 'generated-client-'));
    // The caller's project resolves openapi-fetch from this repository's dependencies.
    await symlink(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    await writeFile(join(work, 'package.json'), '{"type": "module"}\n');
    await writeFile(join(work, 'schema.ts'), astToString(await openapiTS(document)));
    await copyFile(CALLER, join(work, 'typed-client.ts'));
    const diagnostics = compile([join(work, 'typed-client.ts')], join(work, 'out'));
    expect(diagnostics, diagnostics.join('\n')).toEqual([]);
    caller = (await import(join(work, 'out', 'typed-client.js'))) as CallerModule;
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('generates types with an operation for every capability', async () => {
    const schema = await readFile(join(work, 'schema.ts'), 'utf8');
    for (const capability of CAPABILITIES) {
      expect(schema, capability.id).toContain(`"/capabilities/${capability.id}"`);
      expect(schema, capability.id).toContain(`${capability.operationId}: {`);
    }
  });

  it('the typed calls reach the sandbox: a user, a problem code, a sync cursor', async () => {
    const api = caller.client(service.url);
    expect(await caller.readUserDisplayName(api, 'priya.quinn@contoso.onmicrosoft.com')).toBe('Priya Quinn');
    expect(await caller.readUserProblemCode(api, 'nobody@contoso.onmicrosoft.com')).toBe('USER_NOT_FOUND');
    await service.app.inject({
      method: 'PUT',
      url: '/sync-cursors/generated-client',
      payload: { link: '/users/delta?$deltatoken=latest', userQuery: '$select=displayName' },
    });
    expect(await caller.cursorVersion(api, 'generated-client')).toBe(1);
  });

  it("every capability's documented example succeeds through the generated client", async () => {
    const api = caller.client(service.url);
    const posts = documentedCalls(document).filter((call) => call.path.startsWith('/capabilities/'));
    expect(posts.map((call) => call.operationId).sort()).toEqual(
      CAPABILITIES.map((c) => c.operationId).sort(),
    );
    for (const call of posts) {
      expect(await caller.post(api, call.path, call.body), call.operationId).toBe(200);
    }
  });
});
