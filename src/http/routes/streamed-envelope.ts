/**
 * The `{ "output": ... }` answer of a StreamedOutput, as a stream Fastify pipes to the caller with
 * backpressure: a piece is asked for only when the socket has taken the previous ones, so a slow
 * reader slows the walk down instead of making the service hold the answer.
 *
 * How a failure after the first byte shows: the stream errors, and Fastify (headers sent) destroys
 * the connection without the chunked encoding's last chunk. The caller's HTTP client reports an
 * incomplete body, and the JSON it got so far does not close, so a cut-off answer can never be
 * taken for a complete one; and the delta cursor, committed only on a complete answer, stays put.
 * An error member in the envelope was not chosen: a caller that ignores unknown members would take
 * the cut-off answer for a whole one.
 */
import { Readable } from 'node:stream';
import type { StreamedOutput } from '../../capabilities/capability.js';

const HEAD = '{"output":{"rawResponse":';

export function streamedEnvelope(output: StreamedOutput): Readable {
  return Readable.from(pieces(output), { objectMode: false });
}

async function* pieces(output: StreamedOutput): AsyncGenerator<Uint8Array | string> {
  yield HEAD;
  yield* output.rawResponse();
  const others = JSON.stringify(output.fieldsAfter());
  yield others === '{}' ? '}}' : `,${others.slice(1)}}`;
}
