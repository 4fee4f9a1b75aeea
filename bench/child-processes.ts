/**
 * Every process the benchmark starts goes through here, so that all of them die with the harness:
 * on normal exit, on an error, on Ctrl-C or SIGTERM. Targets are plain `node` processes (not npm),
 * so the pid we read /proc for is the process doing the work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const running = new Set<ChildProcess>();
let hooksInstalled = false;

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Everything the child wrote so far (stdout, unless it went elsewhere, and stderr), for error messages. */
  output(): string;
  /** Resolves with the first stdout line matching `pattern`, or rejects after `timeoutMs`. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** 'pipe' to write to the child (the log reader). Default: nothing. */
  stdin?: 'pipe';
  /** Another process's stdin (a log reader) instead of a pipe to the harness. */
  stdout?: Writable;
}

export function spawnNode(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  options: SpawnOptions = {},
): Spawned {
  installExitHooks();
  const child = spawn(process.execPath, args, {
    cwd,
    // PATH and HOME only: the targets must see the configuration we give them, nothing inherited.
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let captured = '';
  const keep = (chunk: Buffer) => {
    // Bounded: a chatty child must not grow the harness.
    captured = (captured + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const exited = once(child, 'exit');
  return {
    child,
    pid: child.pid,
    output: () => captured,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(
          () => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onData = (chunk: Buffer) => {
          buffered += chunk.toString();
          const match = pattern.exec(buffered);
          if (match) finish(undefined, match);
        };
        const onExit = (code: number | null) =>
          finish(new Error(`exited with ${code} before printing ${pattern}`));
        const finish = (error?: Error, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.off('exit', onExit);
          if (error) reject(new Error(`${error.message}\n${captured}`));
          else resolve(match!);
        };
        child.stdout?.on('data', onData);
        child.once('exit', onExit);
      });
    },
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running (synchronous, so it also works inside an 'exit' handler). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the benchmark and its processes\n`);
      killAll();
      process.exit(130);
    });
  }
}
