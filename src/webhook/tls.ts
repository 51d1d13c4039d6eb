/**
 * The serving certificate: loading and checking a cert/key pair, and reloading it when the files change on disk
 * (cert-manager rewrites them in place; a mounted Secret swaps a `..data` symlink). The reloader watches the
 * directories holding both files, debounces bursts of events, polls as a backstop for missed events, checks the new
 * pair before handing it over, and keeps the current pair when the new one is bad (for example a certificate
 * written before its key: the next event, when the key lands, brings a matching pair).
 *
 * A Secret volume is written by kubelet's atomic writer: the files live in a timestamped directory, `..data` is a
 * symlink to it, and an update renames a new `..data_tmp` symlink over `..data`, then deletes the old directory.
 * The directory holding each symlink met on the way to a file is watched (by its real path: a watch on a symlinked
 * directory would follow the old target and go quiet when that is deleted), and the watches are set again after
 * every change, so a rename of `..data` is seen whichever path names the files.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { type FSWatcher, lstatSync, readFileSync, readlinkSync, watch } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

export interface CertPair {
  cert: Buffer;
  key: Buffer;
  /** The leaf certificate's notAfter. */
  notAfter: Date;
  /** The leaf certificate's serial number (hex), for logs. */
  serialNumber: string;
  /** Hash of both files: an unchanged pair is not reloaded. */
  digest: string;
}

/**
 * The cipher suites offered, in the server's order of preference (Mozilla's "intermediate" profile without the
 * finite-field DHE suites): TLS 1.3's three AEAD suites, then for TLS 1.2 only ECDHE key exchange (forward secrecy)
 * with an AEAD cipher (AES-GCM or ChaCha20-Poly1305), for ECDSA and RSA certificates. No CBC, no static RSA key
 * exchange, no SHA-1 MACs. Go's TLS client, the API server's, offers all of them and prefers TLS 1.3.
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/**
 * TLS options every secure context gets (the initial one and each reload): TLS 1.2 at least, TLS 1.3 negotiated
 * whenever the client offers it (the default maximum), the suites above in the server's order.
 */
export function secureContextOptions(pair: CertPair): SecureContextOptions {
  return {
    cert: pair.cert,
    key: pair.key,
    minVersion: 'TLSv1.2',
    ciphers: TLS_CIPHERS,
    honorCipherOrder: true,
  };
}

function digestOf(cert: Buffer, key: Buffer): string {
  return createHash('sha256').update(cert).update('\0').update(key).digest('hex');
}

/** Checks a pair held in memory; throws an Error saying what is wrong. */
export function checkCertPair(cert: Buffer, key: Buffer): CertPair {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new Error(`the certificate is not a PEM or DER X.509 certificate (${(e as Error).message})`);
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch (e) {
    throw new Error(`the key is not a PEM or DER private key (${(e as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new Error('the key does not belong to the certificate');
  // The same check the TLS server will make when the pair is installed.
  createSecureContext({ cert, key });
  return {
    cert,
    key,
    notAfter: new Date(x509.validTo),
    serialNumber: x509.serialNumber,
    digest: digestOf(cert, key),
  };
}

/** Reads and checks the pair on disk; throws an Error naming the file when one cannot be read. */
export function loadCertPair(certFile: string, keyFile: string): CertPair {
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new Error(`cannot read the TLS ${what} ${file} (${(e as Error).message})`);
    }
  };
  const cert = read(certFile, 'certificate');
  const key = read(keyFile, 'key');
  try {
    return checkCertPair(cert, key);
  } catch (e) {
    throw new Error(`${(e as Error).message} (certificate ${certFile}, key ${keyFile})`);
  }
}

/**
 * The real directories whose entries decide what `file` resolves to: for each symlink met while resolving it, the
 * directory holding that symlink, and the directory holding the file itself. Missing parts end the walk there.
 */
export function watchedDirectories(file: string): Set<string> {
  const dirs = new Set<string>();
  const visit = (path: string, depth: number): void => {
    const { root } = parse(path);
    const parts = path
      .slice(root.length)
      .split(sep)
      .filter((p) => p !== '');
    // `current` never contains a symlink: it is a real path.
    let current = root;
    for (let i = 0; i < parts.length; i++) {
      const next = join(current, parts[i] ?? '');
      let link = false;
      try {
        link = lstatSync(next).isSymbolicLink();
      } catch {
        dirs.add(current);
        return;
      }
      if (link) {
        dirs.add(current);
        if (depth >= 40) return; // a symlink loop: resolving would fail with ELOOP anyway
        let target: string;
        try {
          target = readlinkSync(next);
        } catch {
          return;
        }
        visit(join(resolve(current, target), ...parts.slice(i + 1)), depth + 1);
        return;
      }
      current = next;
    }
    dirs.add(dirname(current));
  };
  visit(resolve(file), 0);
  return dirs;
}

export interface CertReloaderOptions {
  certFile: string;
  keyFile: string;
  /** The pair already serving (loaded at start-up). */
  initial: CertPair;
  /** A new, checked pair: install it. */
  onReload: (pair: CertPair) => void;
  /** A changed pair that failed its checks: the current one stays. */
  onError: (error: Error) => void;
  /** Quiet time after the last file event before reading (default 200 ms). */
  debounceMs?: number;
  /** Backstop poll interval (default 30 s); 0 turns polling off. */
  pollMs?: number;
}

export interface CertReloader {
  current(): CertPair;
  /** Reads the files now; true when a new pair was installed. */
  check(): boolean;
  stop(): void;
}

export function createCertReloader(options: CertReloaderOptions): CertReloader {
  const certFile = resolve(options.certFile);
  const keyFile = resolve(options.keyFile);
  let current = options.initial;
  /** Digest of the last pair that failed, so a bad pair is reported once, not on every poll. */
  let lastBad: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const check = (): boolean => {
    if (stopped) return false;
    let cert: Buffer;
    let key: Buffer;
    try {
      cert = readFileSync(certFile);
      key = readFileSync(keyFile);
    } catch (e) {
      // Mid-rotation a file can be missing for a moment; the next event or poll tries again.
      const digest = `unreadable:${(e as Error).message}`;
      if (digest !== lastBad) options.onError(new Error(`cannot read the TLS files (${(e as Error).message})`));
      lastBad = digest;
      return false;
    }
    const digest = digestOf(cert, key);
    if (digest === current.digest || digest === lastBad) return false;
    let pair: CertPair;
    try {
      pair = checkCertPair(cert, key);
      if (pair.notAfter.getTime() < Date.now())
        throw new Error(`the certificate expired at ${pair.notAfter.toISOString()}`);
    } catch (e) {
      lastBad = digest;
      options.onError(e as Error);
      return false;
    }
    lastBad = undefined;
    current = pair;
    options.onReload(pair);
    return true;
  };

  const watchers = new Map<string, FSWatcher>();
  const schedule = (): void => {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      check();
      rewatch();
    }, options.debounceMs ?? 200);
    timer.unref();
  };
  /** Watches the directories the files resolve through now, and drops the watches of those they no longer do. */
  const rewatch = (): void => {
    if (stopped) return;
    const wanted = new Set([...watchedDirectories(certFile), ...watchedDirectories(keyFile)]);
    for (const [dir, w] of watchers) {
      if (!wanted.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, schedule);
        // A watched directory that is deleted (an old timestamped one) errors or goes quiet: watch again.
        w.on('error', () => {
          w.close();
          if (watchers.get(dir) === w) watchers.delete(dir);
          schedule();
        });
        watchers.set(dir, w);
      } catch {
        // No watch support here (or the directory just went): the poll still picks changes up.
      }
    }
  };
  rewatch();
  const pollMs = options.pollMs ?? 30_000;
  const poll =
    pollMs > 0
      ? setInterval(() => {
          check();
          rewatch();
        }, pollMs)
      : undefined;
  poll?.unref();

  return {
    current: () => current,
    check,
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      if (poll !== undefined) clearInterval(poll);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
