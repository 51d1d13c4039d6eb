// The `job` TLS mode of the kubeward chart (and deploy/kubeward.yaml): run once in the cluster by a Job, in the
// kubeward image (node, no dependencies), this makes sure the webhook has a serving certificate its API server
// trusts, with no private key ever leaving the cluster or the render:
//   1. reads the Secret SECRET_NAME in NAMESPACE; keeps it when it holds a CA and a serving certificate that match,
//      name every DNS_NAMES and end more than RENEW_BEFORE_DAYS from now;
//   2. otherwise generates a CA and a serving certificate (ECDSA P-256, VALIDITY_DAYS) and writes them into the
//      Secret (tls.crt, tls.key, ca.crt), which the pods mount and `kubeward serve` reloads. The Secret is made by
//      the chart (an empty Opaque one), not here: the Job's RBAC is get and update on that one Secret, no create;
//   3. puts ca.crt in the caBundle of every webhook of the ValidatingWebhookConfiguration WEBHOOK_NAME, waiting for
//      it to exist (kubectl apply may create the Job first).
// The API server is the in-cluster one (service account token and CA); KUBE_API, KUBE_TOKEN_FILE and KUBE_CA_FILE
// point elsewhere (the tests run this file against a kube-apiserver on loopback).
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

// --- DER, just what a certificate needs -------------------------------------------------------------------------

function der(tag, ...parts) {
  const body = Buffer.concat(parts);
  const n = body.length;
  let length;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const seq = (...parts) => der(0x30, ...parts);
const set = (...parts) => der(0x31, ...parts);
const octets = (buf) => der(0x04, buf);
const bits = (buf, unused = 0) => der(0x03, Buffer.from([unused]), buf);
const bool = (value) => der(0x01, Buffer.from([value ? 0xff : 0x00]));
const utf8 = (text) => der(0x0c, Buffer.from(text, 'utf8'));
const explicit = (n, inner) => der(0xa0 + n, inner);

function integer(buf) {
  let b = buf;
  while (b.length > 1 && b[0] === 0 && (b[1] & 0x80) === 0) b = b.subarray(1);
  if ((b[0] & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return der(0x02, b);
}

function oid(dotted) {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift(0x80 | (x & 0x7f));
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime after (RFC 5280 4.1.2.5), to the second. */
function time(date) {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const commonName = (cn) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const extension = (id, critical, value) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/** The SHA-1 of the subject public key's bits (RFC 5280 4.2.1.2, method 1). */
function keyId(spki) {
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm, BIT STRING }: the BIT STRING is the last element.
  const point = spki.subarray(spki.length - 65);
  return createHash('sha1').update(point).digest();
}

/** One X.509 v3 certificate signed with `signer` (an EC private key); PEM. */
export function certificate({ subject, issuer, publicKey, signer, issuerKeyId, isCA, dnsNames, notBefore, notAfter }) {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40;
  const extensions = [
    extension('2.5.29.19', true, seq(...(isCA ? [bool(true)] : []))),
    // keyUsage: keyCertSign and cRLSign for the CA, digitalSignature for the server (ECDHE, no key encipherment).
    extension('2.5.29.15', true, isCA ? bits(Buffer.from([0x06]), 1) : bits(Buffer.from([0x80]), 7)),
    extension('2.5.29.14', false, octets(keyId(spki))),
  ];
  if (!isCA) {
    extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
    extensions.push(extension('2.5.29.35', false, seq(der(0x80, issuerKeyId))));
    extensions.push(extension('2.5.29.17', false, seq(...dnsNames.map((n) => der(0x82, Buffer.from(n, 'ascii'))))));
  }
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ECDSA_SHA256,
    commonName(issuer),
    seq(time(notBefore), time(notAfter)),
    commonName(subject),
    spki,
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, signer);
  const cert = seq(tbs, ECDSA_SHA256, bits(signature));
  const b64 = cert.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`;
}

/** A CA and a serving certificate for `dnsNames`, both valid `days` from a minute ago. */
export function generate(dnsNames, days, now = new Date()) {
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + days * 86_400_000);
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = `${dnsNames[0]} CA`;
  const caPem = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    isCA: true,
    notBefore,
    notAfter,
  });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certPem = certificate({
    subject: dnsNames[0],
    issuer: caName,
    publicKey: leaf.publicKey,
    signer: ca.privateKey,
    issuerKeyId: keyId(ca.publicKey.export({ type: 'spki', format: 'der' })),
    isCA: false,
    dnsNames,
    notBefore,
    notAfter,
  });
  const keyPem = leaf.privateKey.export({ type: 'pkcs8', format: 'pem' });
  return { 'tls.crt': certPem, 'tls.key': keyPem, 'ca.crt': caPem };
}

/** Why the Secret's data cannot be kept, or undefined when it can. */
export function unusable(data, dnsNames, renewBeforeDays, now = new Date()) {
  const pem = (key) => (data?.[key] ? Buffer.from(data[key], 'base64').toString('utf8') : undefined);
  const [certPem, keyPem, caPem] = [pem('tls.crt'), pem('tls.key'), pem('ca.crt')];
  if (!certPem || !keyPem || !caPem) return 'it does not hold tls.crt, tls.key and ca.crt';
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!cert.verify(ca.publicKey)) return 'tls.crt is not signed by ca.crt';
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return 'tls.key is not the key of tls.crt';
    const missing = dnsNames.filter((n) => cert.checkHost(n, { wildcards: false }) === undefined);
    if (missing.length > 0) return `tls.crt does not name ${missing.join(', ')}`;
    const end = Math.min(new Date(cert.validTo).getTime(), new Date(ca.validTo).getTime());
    if (end - now.getTime() <= renewBeforeDays * 86_400_000) {
      return `it ends on ${new Date(end).toISOString()}, within ${renewBeforeDays} days`;
    }
  } catch (e) {
    return `it cannot be read (${e instanceof Error ? e.message : String(e)})`;
  }
  return undefined;
}

// --- The API server ---------------------------------------------------------------------------------------------

const SA = '/var/run/secrets/kubernetes.io/serviceaccount';

function apiClient(env) {
  const base =
    env.KUBE_API ?? `https://${env.KUBERNETES_SERVICE_HOST?.includes(':') ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST}:${env.KUBERNETES_SERVICE_PORT}`;
  const ca = readFileSync(env.KUBE_CA_FILE ?? `${SA}/ca.crt`);
  const tokenFile = env.KUBE_TOKEN_FILE ?? `${SA}/token`;
  return (method, path, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const token = readFileSync(tokenFile, 'utf8').trim();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        new URL(path, base),
        {
          method,
          ca,
          timeout: 15_000,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload !== undefined ? { 'content-type': contentType } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = JSON.parse(text);
            } catch {
              json = { message: text };
            }
            resolve({ status: res.statusCode ?? 0, body: json });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
      req.on('error', reject);
      req.end(payload);
    });
}

function failure(what, r) {
  return new Error(`${what}: the API server answered ${r.status} (${r.body?.message ?? 'no message'})`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The types of Secret the Job writes a certificate into: the chart's placeholder, or one a TLS mode made. */
const WRITABLE_TYPES = ['Opaque', 'kubernetes.io/tls'];

/** Steps 1 and 2: the Secret's data (base64), kept or new. */
async function ensureSecret(api, { namespace, secretName, dnsNames, validityDays, renewBeforeDays, labels }, log) {
  const path = `/api/v1/namespaces/${namespace}/secrets/${secretName}`;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const got = await api('GET', path);
    if (got.status === 404) {
      throw new Error(
        `Secret ${namespace}/${secretName} does not exist: the chart (or deploy/kubeward.yaml) makes it, empty, for this Job to fill in; apply the manifests again (helm upgrade, or kubectl apply -f deploy/kubeward.yaml)`,
      );
    }
    if (got.status !== 200) throw failure(`reading Secret ${namespace}/${secretName}`, got);
    if (!WRITABLE_TYPES.includes(got.body.type)) {
      throw new Error(
        `Secret ${namespace}/${secretName} is of type ${got.body.type}, not ${WRITABLE_TYPES.join(' or ')}: not written; delete it and apply the manifests again`,
      );
    }
    const why = unusable(got.body.data, dnsNames, renewBeforeDays);
    if (why === undefined) {
      log(`Secret ${namespace}/${secretName} holds a valid certificate: kept`);
      return got.body.data;
    }
    log(`Secret ${namespace}/${secretName}: new certificates, because ${why}`);
    const data = Object.fromEntries(
      Object.entries(generate(dnsNames, validityDays)).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    );
    // The Secret as read, with the new data and our labels: its type (immutable), its annotations (kubectl's
    // last-applied configuration) and its resourceVersion (a concurrent writer makes this a 409) stay.
    const secret = {
      ...got.body,
      metadata: { ...got.body.metadata, labels: { ...got.body.metadata.labels, ...labels } },
      data,
    };
    const written = await api('PUT', path, secret);
    if (written.status === 200) return data;
    // Another run wrote it meanwhile: read it again.
    if (written.status !== 409) throw failure(`writing Secret ${namespace}/${secretName}`, written);
  }
  throw new Error(`Secret ${namespace}/${secretName} kept changing while it was written; run the Job again`);
}

/** Step 3: every webhook of the configuration trusts the CA. */
async function patchCaBundle(api, { webhookName, waitSeconds }, caBundle, log) {
  const path = `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${webhookName}`;
  const end = Date.now() + waitSeconds * 1000;
  for (;;) {
    const got = await api('GET', path);
    if (got.status === 404 && Date.now() < end) {
      await sleep(2000);
      continue;
    }
    if (got.status !== 200) throw failure(`reading ValidatingWebhookConfiguration ${webhookName}`, got);
    const webhooks = got.body.webhooks ?? [];
    const ops = webhooks.flatMap((w, i) =>
      w.clientConfig?.caBundle === caBundle
        ? []
        : [{ op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle }],
    );
    if (ops.length === 0) {
      log(`ValidatingWebhookConfiguration ${webhookName} already trusts the CA`);
      return;
    }
    const patch = [{ op: 'test', path: '/metadata/resourceVersion', value: got.body.metadata.resourceVersion }, ...ops];
    const patched = await api('PATCH', path, patch, 'application/json-patch+json');
    if (patched.status === 200) {
      log(`ValidatingWebhookConfiguration ${webhookName}: caBundle set on ${ops.length} webhook(s)`);
      return;
    }
    // 422 from the `test` op or 409: it changed since it was read; read it again.
    if ((patched.status !== 409 && patched.status !== 422) || Date.now() >= end) {
      throw failure(`patching ValidatingWebhookConfiguration ${webhookName}`, patched);
    }
  }
}

export function settingsFrom(env) {
  const missing = ['NAMESPACE', 'SECRET_NAME', 'WEBHOOK_NAME', 'DNS_NAMES'].filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`certgen: ${missing.join(', ')} must be set`);
  const number = (key, fallback) => {
    const v = Number(env[key] ?? fallback);
    if (!Number.isInteger(v) || v < 1) throw new Error(`certgen: ${key} must be a positive integer, not ${env[key]}`);
    return v;
  };
  return {
    namespace: env.NAMESPACE,
    secretName: env.SECRET_NAME,
    webhookName: env.WEBHOOK_NAME,
    dnsNames: env.DNS_NAMES.split(',').map((s) => s.trim()),
    validityDays: number('VALIDITY_DAYS', 3650),
    renewBeforeDays: number('RENEW_BEFORE_DAYS', 30),
    waitSeconds: number('WAIT_SECONDS', 300),
    labels: env.LABELS ? JSON.parse(env.LABELS) : {},
  };
}

export async function main(env = process.env, log = (line) => console.log(`certgen: ${line}`)) {
  const settings = settingsFrom(env);
  if (settings.renewBeforeDays >= settings.validityDays) {
    throw new Error('certgen: RENEW_BEFORE_DAYS must be below VALIDITY_DAYS, or every run would renew');
  }
  const api = apiClient(env);
  const data = await ensureSecret(api, settings, log);
  await patchCaBundle(api, settings, data['ca.crt'], log);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
