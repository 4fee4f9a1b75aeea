/**
 * Reads a client certificate the way the Azure SDK's AZURE_CLIENT_CERTIFICATE_PATH expects it: one
 * PEM file holding the private key and the certificate (and optionally its chain). Checked at start
 * so a wrong file stops the service with a message, never a token request that fails later.
 * @see https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientCertificate } from './connection.js';

/** A PEM block of one label (RFC 7468): `-----BEGIN <label>-----` ... `-----END <label>-----`. */
const pemBlock = (label: string, flags = '') =>
  new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, flags);
const CERTIFICATE_BLOCK = pemBlock('CERTIFICATE', 'g');
/** PKCS#8 (`PRIVATE KEY`) or the traditional RSA / EC forms openssl also writes. */
const PRIVATE_KEY_BLOCK = pemBlock('(?:RSA |EC )?PRIVATE KEY');

/** Thrown with a message naming what is wrong with the file, never its content. */
export class CertificateFileError extends Error {}

export function readClientCertificate(path: string, sendChain: boolean): ClientCertificate {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CertificateFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`);
  }
  return parseClientCertificate(text, sendChain);
}

export function parseClientCertificate(pem: string, sendChain: boolean): ClientCertificate {
  const keyBlock = PRIVATE_KEY_BLOCK.exec(pem)?.[0];
  if (keyBlock === undefined) {
    throw new CertificateFileError(
      'holds no unencrypted PEM private key (a PRIVATE KEY block); put the key and the certificate in one PEM file',
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock);
  } catch {
    throw new CertificateFileError('its private key cannot be read');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    // MSAL signs the assertion with PS256 (RSA-PSS); Entra certificate credentials are RSA.
    throw new CertificateFileError(`its private key is ${key.asymmetricKeyType}; an RSA key is needed`);
  }
  const certificates = (pem.match(CERTIFICATE_BLOCK) ?? []).map((block) => {
    try {
      return { block, x509: new X509Certificate(block) };
    } catch {
      throw new CertificateFileError('a certificate in it cannot be read');
    }
  });
  const leaf = certificates.find((c) => c.x509.checkPrivateKey(key));
  if (leaf === undefined) {
    throw new CertificateFileError(
      certificates.length === 0
        ? 'holds no certificate (-----BEGIN CERTIFICATE-----) next to the private key'
        : 'holds no certificate matching its private key',
    );
  }
  const chain = [leaf, ...certificates.filter((c) => c !== leaf)].map((c) => c.block).join('\n');
  return {
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    thumbprintSha256: leaf.x509.fingerprint256.replaceAll(':', '').toLowerCase(),
    ...(sendChain ? { x5c: chain } : {}),
  };
}
