/**
 * Real certificates for tests of "Test connection" over https, made by the openssl command: one
 * self-signed, and one signed by a test authority that a process trusts only when told to
 * (NODE_EXTRA_CA_CERTS=<caFile>) — the way a tunnel's certificate is trusted, without a public CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  /** The test authority's certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Key and certificate for localhost and 127.0.0.1, signed by the test authority. */
  signed: { key: string; cert: string };
  /** Key and certificate for localhost and 127.0.0.1, signed by themselves. */
  selfSigned: { key: string; cert: string };
}

const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const SAN = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

/** Makes the certificates in a new folder under the system's temp folder (a few hundred ms). */
export function testCertificates(dir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-certs-'))): TestCertificates {
  const file = (name: string) => path.join(dir, name);
  const fresh = (name: string, subject: string, extra: string[]) =>
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      subject,
      '-keyout',
      file(`${name}-key.pem`),
      '-out',
      file(`${name}.pem`),
      ...extra,
    );
  fresh('ca', '/CN=SCIM Bench test authority', ['-addext', 'basicConstraints=critical,CA:TRUE']);
  fresh('self', '/CN=localhost', ['-addext', SAN]);
  openssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    file('leaf-key.pem'),
    '-out',
    file('leaf.csr'),
  );
  writeFileSync(file('leaf.ext'), `${SAN}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    file('leaf.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('leaf.ext'),
    '-out',
    file('leaf.pem'),
  );
  const pair = (name: string) => ({
    key: readFileSync(file(`${name}-key.pem`), 'utf8'),
    cert: readFileSync(file(`${name}.pem`), 'utf8'),
  });
  return { caFile: file('ca.pem'), signed: pair('leaf'), selfSigned: pair('self') };
}
