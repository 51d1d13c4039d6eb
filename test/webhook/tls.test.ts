import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  type CertPair,
  checkCertPair,
  createCertReloader,
  loadCertPair,
  watchedDirectories,
} from '../../src/webhook/tls.js';
import { createTestCa, issueLeaf, type TestCa, type TestLeaf } from './helpers/certs.js';

let ca: TestCa;
let a: TestLeaf;
let b: TestLeaf;
let c: TestLeaf;

beforeAll(() => {
  ca = createTestCa();
  a = issueLeaf(ca, 'a', { serial: 0xa1 });
  b = issueLeaf(ca, 'b', { serial: 0xb2 });
  c = issueLeaf(ca, 'c', { serial: 0xc3 });
});
afterAll(() => ca.remove());

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A directory with serving files `tls.crt` and `tls.key` holding `leaf`. */
function servingDir(name: string, leaf: TestLeaf): { dir: string; certFile: string; keyFile: string } {
  const dir = join(ca.dir, name);
  mkdirSync(dir);
  copyFileSync(leaf.certFile, join(dir, 'tls.crt'));
  copyFileSync(leaf.keyFile, join(dir, 'tls.key'));
  return { dir, certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') };
}

/**
 * A Secret volume as kubelet's atomic writer lays it out: the files in a timestamped directory `..<time>.<random>`,
 * a `..data` symlink to it, and `tls.crt` / `tls.key` symlinks through `..data`. `update` writes the next version
 * as kubelet does: a new timestamped directory, a `..data_tmp` symlink to it renamed over `..data`, then the old
 * directory removed.
 */
function secretVolume(name: string, leaf: TestLeaf): { dir: string; update(next: TestLeaf): void } {
  const dir = join(ca.dir, name);
  mkdirSync(dir);
  let version = 0;
  let current = '';
  const write = (next: TestLeaf): string => {
    version++;
    const ts = `..2026_12_01_21_00_0${version}.${100000 + version}`;
    mkdirSync(join(dir, ts));
    copyFileSync(next.certFile, join(dir, ts, 'tls.crt'));
    copyFileSync(next.keyFile, join(dir, ts, 'tls.key'));
    return ts;
  };
  current = write(leaf);
  symlinkSync(current, join(dir, '..data'));
  symlinkSync('..data/tls.crt', join(dir, 'tls.crt'));
  symlinkSync('..data/tls.key', join(dir, 'tls.key'));
  return {
    dir,
    update(next) {
      const previous = current;
      current = write(next);
      symlinkSync(current, join(dir, '..data_tmp'));
      renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
      rmSync(join(dir, previous), { recursive: true, force: true });
    },
  };
}

function reloaderFor(files: { certFile: string; keyFile: string }) {
  const reloads: CertPair[] = [];
  const errors: string[] = [];
  const reloader = createCertReloader({
    ...files,
    initial: loadCertPair(files.certFile, files.keyFile),
    debounceMs: 50,
    pollMs: 0,
    onReload: (p) => reloads.push(p),
    onError: (e) => errors.push(e.message),
  });
  onTestFinished(() => reloader.stop());
  return { reloader, reloads, errors };
}

describe('checkCertPair', () => {
  it('accepts a matching pair and reads notAfter and the serial number', () => {
    const pair = checkCertPair(a.cert, a.key);
    expect(pair.serialNumber).toBe('A1');
    expect(pair.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it('rejects a key of another certificate, and files that are not PEM', () => {
    expect(() => checkCertPair(a.cert, b.key)).toThrow('the key does not belong to the certificate');
    expect(() => checkCertPair(Buffer.from('nope'), a.key)).toThrow(
      'the certificate is not a PEM or DER X.509 certificate',
    );
    expect(() => checkCertPair(a.cert, Buffer.from('nope'))).toThrow('the key is not a PEM or DER private key');
    expect(() => loadCertPair(join(ca.dir, 'missing.crt'), a.keyFile)).toThrow('cannot read the TLS certificate');
  });
});

describe('createCertReloader', () => {
  it('installs a pair rewritten in place, once the key matches the new certificate', async () => {
    const files = servingDir('in-place', a);
    const { reloader, reloads } = reloaderFor(files);
    // cert-manager style: the certificate lands first, the key a moment later.
    writeFileSync(files.certFile, b.cert);
    await new Promise((r) => setTimeout(r, 120));
    expect(reloader.current().serialNumber).toBe('A1');
    writeFileSync(files.keyFile, b.key);
    await waitFor(() => reloader.current().serialNumber === 'B2');
    expect(reloads.map((p) => p.serialNumber)).toEqual(['B2']);
  });

  it('keeps the current pair when the new one is bad, and takes the next good one', async () => {
    const files = servingDir('bad-pair', a);
    const { reloader, errors } = reloaderFor(files);
    writeFileSync(files.certFile, 'garbage');
    await waitFor(() => errors.length > 0);
    expect(errors[0]).toContain('not a PEM or DER X.509 certificate');
    expect(reloader.check()).toBe(false);
    expect(reloader.current().serialNumber).toBe('A1');
    expect(errors).toHaveLength(1); // reported once, not on every check
    writeFileSync(files.certFile, c.cert);
    writeFileSync(files.keyFile, c.key);
    await waitFor(() => reloader.current().serialNumber === 'C3');
  });

  it('follows a Kubernetes Secret volume update (an atomic ..data symlink swap)', async () => {
    const dir = join(ca.dir, 'secret-volume');
    mkdirSync(join(dir, '..v1'), { recursive: true });
    copyFileSync(a.certFile, join(dir, '..v1', 'tls.crt'));
    copyFileSync(a.keyFile, join(dir, '..v1', 'tls.key'));
    symlinkSync('..v1', join(dir, '..data'));
    symlinkSync('..data/tls.crt', join(dir, 'tls.crt'));
    symlinkSync('..data/tls.key', join(dir, 'tls.key'));
    const { reloader } = reloaderFor({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') });
    mkdirSync(join(dir, '..v2'));
    copyFileSync(b.certFile, join(dir, '..v2', 'tls.crt'));
    copyFileSync(b.keyFile, join(dir, '..v2', 'tls.key'));
    symlinkSync('..v2', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    await waitFor(() => reloader.current().serialNumber === 'B2');
  });

  it("follows kubelet's atomic writer through several updates, with the poll off", async () => {
    const volume = secretVolume('kubelet-writer', a);
    const { reloader } = reloaderFor({ certFile: join(volume.dir, 'tls.crt'), keyFile: join(volume.dir, 'tls.key') });
    for (const next of [b, c, a]) {
      volume.update(next);
      await waitFor(() => reloader.current().serialNumber === next.serialNumber, 3000);
    }
  });

  it('follows updates when the files are named through the ..data symlink itself', async () => {
    const volume = secretVolume('through-data', a);
    const { reloader } = reloaderFor({
      certFile: join(volume.dir, '..data', 'tls.crt'),
      keyFile: join(volume.dir, '..data', 'tls.key'),
    });
    for (const next of [b, c, a]) {
      volume.update(next);
      await waitFor(() => reloader.current().serialNumber === next.serialNumber, 3000);
    }
  });

  it('watches the directory of every symlink on the way to the files, by real path', () => {
    const volume = secretVolume('watched', a);
    const [data] = readdirSync(volume.dir).filter((n) => n.startsWith('..2026'));
    const expected = new Set([volume.dir, join(volume.dir, data ?? '')]);
    expect(watchedDirectories(join(volume.dir, 'tls.crt'))).toEqual(expected);
    expect(watchedDirectories(join(volume.dir, '..data', 'tls.key'))).toEqual(expected);
    expect(watchedDirectories(join(volume.dir, 'missing', 'tls.crt'))).toEqual(new Set([volume.dir]));
  });

  it('picks changes up by polling when no file event arrives', async () => {
    const files = servingDir('poll', a);
    const reloader = createCertReloader({
      ...files,
      initial: loadCertPair(files.certFile, files.keyFile),
      debounceMs: 10_000, // events would only land after the test
      pollMs: 50,
      onReload: () => undefined,
      onError: () => undefined,
    });
    onTestFinished(() => reloader.stop());
    writeFileSync(files.certFile, b.cert);
    writeFileSync(files.keyFile, b.key);
    await waitFor(() => reloader.current().serialNumber === 'B2');
  });

  it('rejects an expired certificate', () => {
    const files = servingDir('expired', a);
    const { reloader, errors } = reloaderFor(files);
    const expired = issueLeaf(ca, 'expired', { days: -1 });
    writeFileSync(files.certFile, expired.cert);
    writeFileSync(files.keyFile, expired.key);
    expect(reloader.check()).toBe(false);
    expect(errors.at(-1)).toContain('the certificate expired');
  });
});
