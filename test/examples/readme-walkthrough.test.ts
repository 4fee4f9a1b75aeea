import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellBlockAfter, shellCommands, walkthroughCalls } from '../helpers/readme-walkthrough.js';
import { type SandboxService, startSandboxService } from '../helpers/sandbox-service.js';

const README = new URL('../../README.md', import.meta.url);

describe('the README walk-through "Try it against the sandbox"', () => {
  let service: SandboxService;
  beforeAll(async () => {
    service = await startSandboxService();
  });
  afterAll(() => service.close());

  it('reads shell quoting as the shell does', () => {
    expect(shellCommands(`post x '{"a": "o'"'"'b"}' # note\npost y "{\\"b\\": 1}"`)).toEqual([
      ['post', 'x', `{"a": "o'b"}`],
      ['post', 'y', '{"b": 1}'],
    ]);
  });

  it('every command succeeds, in order, on a fresh sandbox', async () => {
    const calls = walkthroughCalls(
      shellBlockAfter(await readFile(README, 'utf8'), '### Try it against the sandbox'),
    );
    expect(calls.length).toBeGreaterThan(10);
    for (const call of calls) {
      const response = await fetch(`${service.url}/capabilities/${call.capability}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(call.body),
      });
      const text = await response.text();
      expect(response.status, `${call.source}\n answered ${text}`).toBeGreaterThanOrEqual(200);
      expect(response.status, `${call.source}\n answered ${text}`).toBeLessThan(300);
    }
  });
});
