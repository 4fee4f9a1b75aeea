import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../../helpers/server-process.js';

/**
 * stdout is written asynchronously: the access lines of requests answered just before SIGTERM must
 * still be in the output when the process has exited (the destination is flushed on close).
 */
describe('access lines on SIGTERM', () => {
  it('loses none: every answered request has its line once the process exited', async () => {
    const server = spawnServer({ LOG_LEVEL: 'info', PORT: '0', STATE_STORE_URL: 'memory:' });
    const address = await server.address;
    const calls = 200;
    const answered = await Promise.all(
      Array.from({ length: calls }, async (_, index) => {
        const response = await request(`${address}/healthz?n=${index}`);
        await response.body.text();
        return String(response.headers['x-request-id']);
      }),
    );
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    const logged = new Set(
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => (JSON.parse(line) as { requestId: string }).requestId),
    );
    expect(answered.filter((id) => !logged.has(id))).toEqual([]);
  }, 60_000);
});
