/**
 * The one upstream every target talks to: the emulator as its own process (the built
 * `npm run emulator`), so its CPU is not charged to any target and all targets see the same
 * tenants and the same per-request cost.
 */
import { join } from 'node:path';
import { type Spawned, spawnNode } from './child-processes.js';

export interface EmulatorProcess {
  origin: string;
  process: Spawned;
}

export async function startEmulatorProcess(repoRoot: string): Promise<EmulatorProcess> {
  const spawned = spawnNode(
    [join(repoRoot, 'packages/graph-emulator/dist/standalone.js')],
    { EMULATOR_PORT: '0' },
    repoRoot,
  );
  const match = await spawned.waitForLine(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 15_000);
  return { origin: match[1]!, process: spawned };
}
