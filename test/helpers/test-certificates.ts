import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  /** The certificate alone, PEM (what is uploaded to the app registration). */
  certificate: string;
  /** A file with the private key and the certificate, as AZURE_CLIENT_CERTIFICATE_PATH expects. */
  path: string;
  /** The private key alone, PEM (as openssl wrote it). */
  privateKey: string;
  /** One line of the key's base64 body: what a leak of the key into a log or message would show. */
  keyMaterial: string;
}

export interface TestCertificates {
  /** Folder of the generated files; removed by cleanup(). */
  dir: string;
  make(name: string): TestCertificate;
  cleanup(): void;
}

/**
 * Self-signed RSA certificates made with the system's openssl at test time, in a temporary folder:
 * no private key is ever committed.
 */
export function testCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'eum-certs-'));
  return {
    dir,
    make(name) {
      const keyFile = join(dir, `${name}.key`);
      const certFile = join(dir, `${name}.crt`);
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-sha256',
          '-days',
          '2',
          '-subj',
          `/CN=${name}`,
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
        { stdio: 'ignore' },
      );
      const certificate = readFileSync(certFile, 'utf8');
      const privateKey = readFileSync(keyFile, 'utf8');
      const path = join(dir, `${name}.pem`);
      writeFileSync(path, `${privateKey}${certificate}`, { mode: 0o600 });
      return { certificate, path, privateKey, keyMaterial: privateKey.split('\n')[1]! };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
