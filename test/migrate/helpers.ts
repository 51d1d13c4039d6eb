/** Translating small inputs in tests, and reading the drafts and the record back. */
import { dump } from 'js-yaml';
import { loadInputs } from '../../src/engine/lint.js';
import type { JsonObject } from '../../src/k8s/object.js';
import type { AnnotationOutcome, IngressRecord } from '../../src/migrate/record.js';
import { type MigrateOptions, type MigrationResult, migrateToGatewayApi } from '../../src/migrate/translate.js';

export const NGINX = 'nginx.ingress.kubernetes.io/';

export const NGINX_CLASS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx' },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

interface IngressSpec {
  name: string;
  namespace?: string;
  annotations?: Record<string, string>;
  className?: string | null;
  host?: string;
  paths?: { path: string; pathType?: string; service?: string; port?: number | string }[];
  tls?: { hosts: string[]; secretName: string }[];
  defaultBackend?: { service: string; port: number };
  /** Replaces the rules built from host/paths. */
  rules?: unknown[];
}

/** An ingress-nginx Ingress (class nginx unless told), keys given without the prefix. */
export function ingress(s: IngressSpec): JsonObject {
  const annotations = Object.fromEntries(
    Object.entries(s.annotations ?? {}).map(([k, v]) => [k.includes('/') ? k : `${NGINX}${k}`, v]),
  );
  const paths = (s.paths ?? [{ path: '/' }]).map((p) => ({
    path: p.path,
    pathType: p.pathType ?? 'Prefix',
    backend: {
      service: {
        name: p.service ?? 'web',
        port: typeof p.port === 'string' ? { name: p.port } : { number: p.port ?? 80 },
      },
    },
  }));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: s.name,
      namespace: s.namespace ?? 'shop',
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: {
      ...(s.className !== null ? { ingressClassName: s.className ?? 'nginx' } : {}),
      ...(s.defaultBackend !== undefined
        ? { defaultBackend: { service: { name: s.defaultBackend.service, port: { number: s.defaultBackend.port } } } }
        : {}),
      ...(s.rules !== undefined
        ? { rules: s.rules }
        : s.paths === undefined && s.defaultBackend !== undefined
          ? {}
          : { rules: [{ ...(s.host !== '' ? { host: s.host ?? 'shop.example.com' } : {}), http: { paths } }] }),
      ...(s.tls !== undefined ? { tls: s.tls } : {}),
    },
  };
}

/** Ingresses with every annotation the translator carries, alone and together (also drafted by test/e2e). */
export const EVERY_ANNOTATION = [
  NGINX_CLASS,
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { ports: [{ name: 'http', port: 8080 }] },
  },
  ingress({
    name: 'redirect',
    host: 'r.example.com',
    annotations: { 'permanent-redirect': 'https://x.example.com/y', 'permanent-redirect-code': '308' },
  }),
  ingress({
    name: 'approot',
    host: 'a.example.com',
    annotations: { 'app-root': '/app', 'force-ssl-redirect': 'true' },
  }),
  ingress({
    name: 'rewrite',
    host: 'w.example.com',
    annotations: { 'rewrite-target': '/$2', 'x-forwarded-prefix': '/s' },
    paths: [{ path: '/s(/|$)(.*)', pathType: 'ImplementationSpecific' }],
  }),
  ingress({
    name: 'full',
    host: 'w.example.com',
    annotations: { 'rewrite-target': '/' },
    paths: [{ path: '/old', pathType: 'ImplementationSpecific' }],
  }),
  ingress({
    name: 'headers',
    annotations: {
      'upstream-vhost': 'in.svc',
      'connection-proxy-header': 'close',
      'proxy-read-timeout': '120',
      'enable-cors': 'true',
      'cors-allow-origin': 'https://a.example.com',
    },
    tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    paths: [
      { path: '/api', service: 'api', port: 'http' },
      { path: '/', pathType: 'Exact' },
    ],
  }),
  ingress({
    name: 'grpc',
    host: 'g.example.com',
    annotations: { 'backend-protocol': 'GRPC', 'upstream-vhost': 'g.svc' },
    paths: [{ path: '/pkg.Svc/Get', service: 'grpc', port: 50051 }],
  }),
  ingress({
    name: 'open',
    host: 'o.example.com',
    annotations: { 'auth-url': 'https://auth/', 'whitelist-source-range': '10.0.0.0/8' },
  }),
  ingress({
    name: 'many',
    host: 'm.example.com',
    paths: Array.from({ length: 40 }, (_, i) => ({ path: `/p${i}` })),
    tls: [{ hosts: ['m.example.com'], secretName: 'm-tls' }],
  }),
  ingress({ name: 'fallback', defaultBackend: { service: 'errors', port: 8080 } }),
  ingress({
    name: 'www',
    host: 'x.example.com',
    annotations: { 'from-to-www-redirect': 'true', 'server-alias': 'x2.example.com' },
    tls: [{ hosts: ['x.example.com', 'www.x.example.com'], secretName: 'x-tls' }],
  }),
  ingress({
    name: 'vault',
    host: 'v.example.com',
    annotations: { 'ssl-passthrough': 'true' },
    paths: [{ path: '/', service: 'vault', port: 8200 }],
  }),
  ingress({
    name: 'both-ports',
    host: 'b.example.com',
    annotations: { 'ssl-redirect': 'false' },
    tls: [{ hosts: ['b.example.com'], secretName: 'b-tls' }],
  }),
  ingress({
    name: 'tls-backend',
    host: 't.example.com',
    annotations: {
      'backend-protocol': 'HTTPS',
      'proxy-ssl-secret': 'shop/t-ca',
      'proxy-ssl-name': 't.internal',
      'proxy-ssl-verify': 'on',
    },
    paths: [{ path: '/', service: 'api', port: 'http' }],
  }),
  ingress({
    name: 'headers-canary',
    annotations: { canary: 'true', 'canary-weight': '10', 'canary-by-header': 'X-Canary' },
    paths: [{ path: '/api', service: 'api-v2', port: 8080 }],
  }),
  ingress({
    name: 'grpc-canary',
    namespace: 'beta',
    host: 'g.example.com',
    annotations: { canary: 'true', 'canary-by-header': 'x-canary', 'canary-by-header-value': 'yes' },
    paths: [{ path: '/pkg.Svc/Get', service: 'grpc-v2', port: 50051 }],
  }),
];

export function yamlOf(objects: readonly unknown[]): string {
  return objects.map((o) => `---\n${dump(o)}`).join('');
}

export const SHARED: MigrateOptions = { placement: { mode: 'shared', namespace: 'gateway-system' } };

export function migrate(objects: readonly unknown[], options: Partial<MigrateOptions> = {}): MigrationResult {
  const { objects: loaded, index, problems } = loadInputs([{ file: 'in.yaml', text: yamlOf(objects) }], {});
  if (problems.length > 0) throw new Error(`test input does not load: ${problems.map((p) => p.message).join('; ')}`);
  return migrateToGatewayApi(loaded, index, { ...SHARED, ...options });
}

export function draftsOfKind(result: MigrationResult, kind: string): JsonObject[] {
  return result.objects.map((d) => d.object).filter((o) => o.kind === kind);
}

export function draftNamed(result: MigrationResult, kind: string, name: string): JsonObject {
  const found = draftsOfKind(result, kind).find((o) => (o.metadata as { name?: string }).name === name);
  if (found === undefined) {
    throw new Error(
      `no ${kind} ${name}; have ${draftsOfKind(result, kind)
        .map((o) => (o.metadata as { name: string }).name)
        .join(', ')}`,
    );
  }
  return found;
}

export function recordOf(result: MigrationResult, name: string): IngressRecord {
  const r = result.ingresses.find((i) => i.name === name);
  if (r === undefined) throw new Error(`no record for ${name}`);
  return r;
}

export function outcomeOf(result: MigrationResult, name: string, key: string): AnnotationOutcome {
  const o = recordOf(result, name).annotations.find((a) => a.key === `${NGINX}${key}`);
  if (o === undefined) throw new Error(`no outcome for ${key} of ${name}`);
  return o;
}

// biome-ignore lint/suspicious/noExplicitAny: test access into drafted objects
export type Loose = any;

export function specOf(o: JsonObject): Loose {
  return o.spec as Loose;
}
