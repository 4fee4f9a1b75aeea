/**
 * Debian's chromium driven by playwright-core: no browser download, ever. A missing binary is a
 * failure with the fix in the message (CI installs it in .ci/run), never a skipped test.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Offline and quiet: no sync, updates, QUIC or background traffic from the browser itself. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface SystemBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with a new, empty profile folder that close() removes. */
export async function launchSystemChromium(): Promise<SystemBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}. Install Debian's package (apt-get install chromium; .ci/run does this) ` +
        'or set CHROMIUM_PATH. The browser test does not download a browser.',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'explorer-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
