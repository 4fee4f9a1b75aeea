/**
 * How many bytes one answer puts on the wire (status line and headers, then body), read off a raw
 * socket. The service answers with more than the pass-through (its contract's `headers` object,
 * security and rate-limit headers, a request id), and writing bytes to a socket is the largest
 * single cost of every target: this makes that difference visible next to the CPU figures.
 */
import { connect } from 'node:net';

export interface ResponseSize {
  headerBytes: number;
  bodyBytes: number;
}

export function responseSize(url: string, path: string, body: string): Promise<ResponseSize> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${url}${path} did not answer`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`${url}${path}: no complete HTTP answer`));
      resolve({ headerBytes: split + 4, bodyBytes: raw.length - split - 4 });
    });
  });
}
