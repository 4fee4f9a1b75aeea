import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('../helpers/tracing-load-probe.ts', import.meta.url));

/** The OpenTelemetry modules a fresh process resolves while it builds the service and answers once. */
async function openTelemetryModulesLoaded(env: NodeJS.ProcessEnv): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'otel-load-'));
  const log = join(dir, 'modules.log');
  await writeFile(log, '');
  try {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', PROBE], {
      env: { PATH: process.env.PATH, MODULE_LOAD_LOG: log, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(output, output).toContain('healthz 200');
    expect(code).toBe(0);
    return (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('tracing off', () => {
  it('loads no OpenTelemetry module unless OTEL_TRACES_EXPORTER asks for traces', async () => {
    expect(await openTelemetryModulesLoaded({})).toEqual([]);
    // The probe does see them when tracing is on (console: nothing leaves the machine).
    expect(await openTelemetryModulesLoaded({ OTEL_TRACES_EXPORTER: 'console' })).not.toEqual([]);
  });
});
