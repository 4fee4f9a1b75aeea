/**
 * Answers what Node's HTTP parser refuses before any route sees a request: a malformed request
 * line, header or framing (bad Content-Length, broken chunking), headers too large, or a request
 * that did not arrive within HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS. Fastify's own
 * answer is plain JSON; callers get the same problem+json as everywhere else, then the connection
 * is closed (after a framing error nothing more on it can be read reliably).
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../errors/problem.js';
import type { ServiceError } from '../../errors/service-error.js';
import { problemBody } from './error-handler.js';

/** Fastify's `clientErrorHandler`; Fastify calls it with the instance as `this`. */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = problemFor(error.code);
  this.log.debug({ code: answer.code, cause: error.code }, 'refused an unreadable request');
  if (socket.writable) {
    const body = JSON.stringify(problemBody(answer, randomUUID()));
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

function problemFor(code: string | undefined): ServiceError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem('REQUEST_TIMEOUT', 'The request did not arrive in time.');
    case 'HPE_HEADER_OVERFLOW':
      return problem('HEADERS_TOO_LARGE', 'The request headers are too large.');
    default:
      return problem(
        'MALFORMED_REQUEST',
        'The HTTP request could not be read (request line, headers or framing).',
      );
  }
}
