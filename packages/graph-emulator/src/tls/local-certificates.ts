// A throw-away certificate authority and a server certificate for this machine's loopback names,
// made when a TLS emulator starts: nothing private is ever written to disk or committed. Callers
// trust the CA (NODE_EXTRA_CA_CERTS); its private key lives only in this function and is dropped.
// Keys come from node:crypto; node-forge (pure JavaScript, no native build) writes the X.509
// certificates, which node:crypto cannot do.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface LocalCertificates {
  /** PEM of the CA certificate: the one file a client needs to trust. */
  caCertificate: string;
  /** PEM of the server certificate, signed by the CA. */
  certificate: string;
  /** PEM of the server certificate's private key. */
  privateKey: string;
}

/** The names every local certificate covers; `extraNames` adds host names or IP addresses. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const VALID_DAYS = 365;

export function createLocalCertificates(extraNames: readonly string[] = []): LocalCertificates {
  const ca = keyPair();
  const caCert = newCertificate(ca.publicKey, [{ name: 'commonName', value: 'Graph emulator local CA' }]);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const server = keyPair();
  const cert = newCertificate(server.publicKey, [{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  const names = [...new Set([...LOOPBACK_NAMES, ...extraNames.map((name) => name.toLowerCase())])];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name })),
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return {
    caCertificate: forge.pki.certificateToPem(caCert),
    certificate: forge.pki.certificateToPem(cert),
    privateKey: server.privateKeyPem,
  };
}

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privateKeyPem: privateKey,
  };
}

function newCertificate(publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[]) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the high bit of the first byte cleared.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + VALID_DAYS * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  return cert;
}
