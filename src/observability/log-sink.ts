/**
 * The slice of a pino logger that auth and graph code writes to. Kept structural so that these
 * layers never import fastify or pino, and tests can pass a recording stub.
 */
export interface LogSink {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}
