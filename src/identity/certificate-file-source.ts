/**
 * A client certificate connection whose PEM file may be replaced while the service runs: Key Vault
 * renewals synced to a volume, a Kubernetes secret (mounted through a symlink the kubelet swaps),
 * or an operator copying a new file in place. Before each token request to the authority (about
 * once an hour per tenant: tokens are served from the cache in between) the file's identity is
 * compared with the one last read: device, inode, size and modification time. When it changed, the
 * file is read and checked again and MSAL's application is rebuilt with the new certificate. A file
 * that cannot be read or holds no usable certificate leaves the previous certificate in use, and
 * says so once per change of the file; the old certificate keeps working until Entra stops
 * accepting it, which gives the operator the overlap a rotation has anyway.
 */
import { statSync } from 'node:fs';
import { readClientCertificate } from '../config/client-certificate.js';
import type { ClientCertificate } from '../config/connection.js';
import type { LogSink } from '../observability/log-sink.js';
import type { TokenSource } from './token-source.js';

export async function rotatingCertificateSource(
  certificate: ClientCertificate,
  file: { path: string; sendChain: boolean },
  build: (certificate: ClientCertificate) => Promise<TokenSource>,
  logger: LogSink | undefined,
): Promise<TokenSource> {
  let identity = fileIdentity(file.path);
  let source = await build(certificate);
  return {
    acquire: async (scope) => {
      const now = fileIdentity(file.path);
      if (now !== identity) {
        identity = now;
        try {
          const next = readClientCertificate(file.path, file.sendChain);
          source = await build(next);
          logger?.info(
            { certificateFile: file.path, thumbprintSha256: next.thumbprintSha256 },
            'client certificate file changed: token requests now use its certificate',
          );
        } catch (error) {
          // The reader's messages name what is wrong with the file, never its content.
          logger?.warn(
            { certificateFile: file.path, reason: (error as Error).message },
            'client certificate file changed but cannot be used: the previous certificate stays in use',
          );
        }
      }
      return source.acquire(scope);
    },
    clearCache: () => source.clearCache(),
  };
}

/** What tells one version of the file from the next, or why it cannot be seen. */
function fileIdentity(path: string): string {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch (error) {
    return `unreadable:${(error as NodeJS.ErrnoException).code}`;
  }
}
