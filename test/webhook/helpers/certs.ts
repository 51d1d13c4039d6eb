/** Test certificates made with openssl in a temp directory: one CA, and leaf certificates for localhost it signs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  certFile: string;
  keyFile: string;
  /** PEM of the CA certificate, for clients. */
  pem: Buffer;
  /** Removes the directory. */
  remove(): void;
}

export interface TestLeaf {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** Upper-case hex, as X509Certificate.serialNumber and getPeerCertificate().serialNumber give it. */
  serialNumber: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-certs-'));
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=kubeward test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return {
    dir,
    certFile: join(dir, 'ca.crt'),
    keyFile: join(dir, 'ca.key'),
    pem: readFileSync(join(dir, 'ca.crt')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

let counter = 0;

/** A leaf certificate for localhost and 127.0.0.1 signed by `ca`, written as `<name>.crt` and `<name>.key`. */
export function issueLeaf(
  ca: TestCa,
  name: string,
  options: { days?: number; serial?: number; keyType?: 'ec' | 'rsa' } = {},
): TestLeaf {
  const rsa = options.keyType === 'rsa';
  counter++;
  const serial = options.serial ?? 0x1000 + counter;
  const ext = join(ca.dir, `${name}.ext`);
  writeFileSync(
    ext,
    `subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature${rsa ? ',keyEncipherment' : ''}\n`,
  );
  openssl(
    [
      'req',
      '-newkey',
      ...(rsa ? ['rsa:2048'] : ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']),
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      '/CN=localhost',
    ],
    ca.dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      ca.certFile,
      '-CAkey',
      ca.keyFile,
      '-set_serial',
      String(serial),
      '-days',
      String(options.days ?? 1),
      '-out',
      `${name}.crt`,
      '-extfile',
      ext,
    ],
    ca.dir,
  );
  const certFile = join(ca.dir, `${name}.crt`);
  const keyFile = join(ca.dir, `${name}.key`);
  return {
    certFile,
    keyFile,
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    serialNumber: serial.toString(16).toUpperCase().padStart(2, '0'),
  };
}
