import { createServer } from 'node:net';

/**
 * A loopback port free right now. The service reads its port from PORT and its stdout goes to a
 * log reader, not the harness, so the harness picks the port itself instead of parsing a log line.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
