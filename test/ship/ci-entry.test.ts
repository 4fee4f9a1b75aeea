import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const read = (name: string) => readFile(new URL(`../../${name}`, import.meta.url), 'utf8');
const commandsOf = (script: string) =>
  script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

describe('the CI entry point and the README agree', () => {
  it('runs the README test command, then the suite on the image Node major', async () => {
    const readme = await read('README.md');
    const setUp = /## Set-up \(two commands\)\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const testCommand = setUp.split('\n')[1]?.split('#')[0]?.trim();
    expect(testCommand).toBe('npm test');
    const ci = commandsOf(await read('.ci/run'));
    expect(ci).toContain('npm ci --no-audit --no-fund');
    // The README's command itself, not a look-alike that skips its pretest step.
    expect(ci.indexOf(testCommand!)).toBeGreaterThan(ci.indexOf('npm ci --no-audit --no-fund'));
    expect(ci.at(-1)).toBe('npm run test:node24');
  });

  it('makes the test command bring its prerequisites, and tests on the Dockerfile Node major', async () => {
    const { scripts } = JSON.parse(await read('package.json')) as { scripts: Record<string, string> };
    expect(scripts['pretest']).toBe('bash scripts/test-prerequisites.sh');
    const prerequisites = await read('scripts/test-prerequisites.sh');
    for (const needed of ['redis-server', 'chromium', 'apt-get install', '--port 6379'])
      expect(prerequisites).toContain(needed);
    const imageMajor = /FROM node:(\d+)-/.exec(await read('Dockerfile'))?.[1];
    expect(scripts['test:node24']).toBe('bash scripts/test-on-node-lts.sh');
    expect(await read('scripts/test-on-node-lts.sh')).toContain(`NODE_LTS_MAJOR:-${imageMajor}`);
  });
});
