import { mkdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/capabilities/registry.js';
import { startSandboxService } from '../helpers/sandbox-service.js';
import { startTestService, type TestService } from '../helpers/test-service.js';
import { ExplorerPage } from './explorer-page.js';
import { launchSystemChromium, type SystemBrowser } from './system-chromium.js';

/** Screenshots for a person to look at; gitignored, kept by CI as artefacts. */
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const artifact = (name: string) => new URL(name, ARTIFACTS).pathname;
const SEEDED_UPN = "o'brien@contoso.onmicrosoft.com";
const PASSWORD = 'Explorer-Pa55word!';

describe('the OpenAPI explorer at /docs in a real browser (Debian chromium)', () => {
  // Launched by the first test rather than in beforeAll, so a missing chromium fails each test with the
  // message from launchSystemChromium instead of reporting them as skipped.
  let launching: Promise<SystemBrowser> | undefined;
  const browser = () => {
    launching ??= launchSystemChromium();
    return launching;
  };
  let service: TestService | undefined;
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('reads a seeded user and creates one through "Try it out" on a sandbox instance', async () => {
    service = await startTestService();
    service.secrets.add(PASSWORD);
    const explorer = new ExplorerPage(await (await browser()).context.newPage());
    await explorer.open(`${service.url}/docs`);

    const read = await explorer.tryOut('users', 'readUser', { userId: SEEDED_UPN });
    expect(read.status).toBe(200);
    expect(read.json().output.rawResponse).toMatchObject({
      userPrincipalName: SEEDED_UPN,
      displayName: "Sean O'Brien",
    });
    expect(read.text).toContain("Sean O'Brien");

    const upn = 'explorer.person@contoso.onmicrosoft.com';
    const created = await explorer.tryOut('users', 'createUser', {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Explorer Person',
      createUserMailNickname: 'explorer.person',
      createUserPrincipalName: upn,
      createUserPassword: PASSWORD,
    });
    expect(created.status).toBe(200);
    expect(created.json().output.rawResponse).toMatchObject({
      userPrincipalName: upn,
      displayName: 'Explorer Person',
    });
    // The click really created the user in the tenant, not only a rendered 200.
    const check = await service.call('read-user', { userId: upn });
    expect(check.body.output.rawResponse.id).toBe(created.json().output.rawResponse.id);

    await explorer.screenshotResponse('users', 'createUser', artifact('explorer-sandbox-create-user.png'));
    await explorer.page.close();
  }, 90_000);

  it('every capability\'s "Try it out" succeeds with the example it shows, on a fresh sandbox', async () => {
    const sandbox = await startSandboxService();
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the served document is read ad hoc
      const document: any = await (await fetch(`${sandbox.url}/openapi.json`)).json();
      const explorer = new ExplorerPage(await (await browser()).context.newPage());
      await explorer.open(`${sandbox.url}/docs`);
      for (const capability of CAPABILITIES) {
        const operation = document.paths[`/capabilities/${capability.id}`].post;
        const shown = operation.requestBody.content['application/json'].example;
        const response = await explorer.tryOutExample(operation.tags[0], capability.operationId);
        // The body sent is the documented example, untouched, and the page shows the success.
        expect(JSON.parse(response.sent), capability.id).toEqual(shown);
        expect(response.status, `${capability.id}: ${response.text}`).toBe(200);
        expect(response.json().output.statusCode, capability.id).toBeLessThan(300);
        await explorer.screenshotResponse(
          operation.tags[0],
          capability.operationId,
          artifact(`explorer-example-${capability.id}.png`),
        );
        await explorer.collapse(operation.tags[0], capability.operationId);
      }
      await explorer.page.close();
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('each workflow runs from the explorer: its dry-run example, then joiner, mover and leaver for real', async () => {
    const sandbox = await startSandboxService();
    try {
      // biome-ignore lint/suspicious/noExplicitAny: the served document is read ad hoc
      const document: any = await (await fetch(`${sandbox.url}/openapi.json`)).json();
      const explorer = new ExplorerPage(await (await browser()).context.newPage());
      await explorer.open(`${sandbox.url}/docs`);
      const workflows = [
        ['onboard-user', 'onboardUser'],
        ['move-user', 'moveUser'],
        ['offboard-user', 'offboardUser'],
      ] as const;
      // biome-ignore lint/suspicious/noExplicitAny: the served document is read ad hoc
      const examples: Record<string, any> = {};
      for (const [name, operationId] of workflows) {
        examples[name] =
          document.paths[`/workflows/${name}`].post.requestBody.content['application/json'].example;
        const planned = await explorer.tryOutExample('workflows', operationId);
        expect(planned.status, `${name}: ${planned.text}`).toBe(200);
        expect(planned.json().dryRun, name).toBe(true);
        expect(planned.json().plan.steps.length, name).toBeGreaterThan(0);
        await explorer.collapse('workflows', operationId);
      }

      // The joiner from the example, for real; then the mover and leaver on that same person, each
      // in a fresh tab as a person coming back to the explorer would.
      await explorer.page.close();
      const runInFreshTab = async (operationId: string, body: unknown) => {
        const tab = new ExplorerPage(await (await browser()).context.newPage());
        await tab.open(`${sandbox.url}/docs`);
        const answer = await tab.tryOut('workflows', operationId, body);
        if (operationId === 'offboardUser') {
          await tab.screenshotResponse('workflows', operationId, artifact('explorer-workflow-offboard.png'));
        }
        await tab.page.close();
        return answer;
      };
      const joiner: Record<string, unknown> = { ...examples['onboard-user'], dryRun: false };
      const upn = String(joiner['createUserPrincipalName']);
      const runs = [
        await runInFreshTab('onboardUser', joiner),
        await runInFreshTab('moveUser', { userId: upn, department: 'Finance', dryRun: false }),
        await runInFreshTab('offboardUser', { userId: upn, dryRun: false }),
      ];
      for (const [index, run] of runs.entries()) {
        expect(run.status, run.text).toBe(200);
        expect(run.json().run.status, `${workflows[index]![0]}: ${run.text}`).toBe('done');
      }
      // The clicks changed the tenant: the person was created, moved, then disabled.
      const read = await fetch(`${sandbox.url}/capabilities/read-user`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: upn, select: ['department', 'accountEnabled'] }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: read ad hoc
      expect(((await read.json()) as any).output.rawResponse).toMatchObject({
        department: 'Finance',
        accountEnabled: false,
      });
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('in live mode, a call needs the API key entered in the "Authorize" bearer dialog', async () => {
    const key = 'explorer-key-0123456789abcdef';
    const retiring = 'retiring-key-0123456789abcdef';
    service = await startTestService({ env: { GRAPH_MODE: 'live', API_KEYS: `${retiring},${key}` } });
    service.secrets.add(key);
    service.secrets.add(retiring);
    const explorer = new ExplorerPage(await (await browser()).context.newPage());
    await explorer.open(`${service.url}/docs`);

    const refused = await explorer.tryOut('users', 'readUser', { userId: SEEDED_UPN });
    expect(refused.status).toBe(401);
    expect(refused.json().code).toBe('UNAUTHORIZED');

    await explorer.authorize(key);
    const read = await explorer.tryOut('users', 'readUser', { userId: SEEDED_UPN });
    expect(read.status).toBe(200);
    expect(read.json().output.rawResponse.userPrincipalName).toBe(SEEDED_UPN);

    await explorer.screenshotResponse('users', 'readUser', artifact('explorer-live-read-user.png'));
    await explorer.page.close();
  }, 90_000);
});
