// Writes the CA certificate of a TLS emulator where clients can point NODE_EXTRA_CA_CERTS at it:
// the path the caller chose, or a fresh private temporary folder that is removed on close.
// Only the public certificate is written; its private key never leaves memory.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface CaFile {
  path: string;
  /** Removes what this module created (the temporary folder; a chosen path is left in place). */
  remove(): Promise<void>;
}

export async function writeCaFile(pem: string, chosenPath?: string): Promise<CaFile> {
  if (chosenPath !== undefined) {
    await mkdir(dirname(chosenPath), { recursive: true });
    await writeFile(chosenPath, pem, { mode: 0o644 });
    return { path: chosenPath, remove: async () => {} };
  }
  const folder = await mkdtemp(join(tmpdir(), 'graph-emulator-ca-'));
  const path = join(folder, 'ca.pem');
  await writeFile(path, pem, { mode: 0o644 });
  return { path, remove: () => rm(folder, { recursive: true, force: true }) };
}
