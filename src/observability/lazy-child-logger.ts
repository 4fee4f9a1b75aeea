/**
 * Fastify gives every request a child logger bound to its request id. pino builds a child by
 * running its redaction over the bindings, which cost a few microseconds on every request even
 * when the request logs nothing (bench/RESULTS.md, LOG_LEVEL=warn). This logger stands in for the
 * child and builds the real one on the first call that its level lets through, so quiet requests
 * never pay for it; what is logged is exactly what the real child would have written.
 */
import type { FastifyBaseLogger, LogLevel } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Method = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's logger has this; FastifyBaseLogger's typing leaves it out. */
interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

class LazyChildLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): LogLevel {
    return (this.#child ?? this.parent).level as LogLevel;
  }

  set level(level: LogLevel) {
    this.#real().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  #real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  #log(method: Method, args: unknown[]): void {
    const current = (this.#child ?? this.parent) as FastifyBaseLogger & LevelAware;
    if (current.isLevelEnabled?.(method) === false) return;
    (this.#real()[method] as (...values: unknown[]) => void)(...args);
  }
}

/** Fastify's `childLoggerFactory` option. */
export const lazyChildLoggerFactory = (
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger =>
  // The methods take pino's arguments as they come and pass them on untouched.
  new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
