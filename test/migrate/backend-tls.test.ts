/**
 * backend-protocol HTTPS/GRPCS with proxy-ssl-* (docs/migration/ingress-nginx-semantics.md §11): a BackendTLSPolicy
 * per backend Service port, with the CA as a ConfigMap and the hostname to verify; what it assumes and what the user
 * must create is in the record; ignored keys are named as ignored.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/k8s/object.js';
import { draftsOfKind, ingress, migrate, NGINX_CLASS, outcomeOf, recordOf } from './helpers.js';

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    ports: [
      { name: 'https', port: 443 },
      { name: 'metrics', port: 9090 },
    ],
  },
};

function policies(result: ReturnType<typeof migrate>): JsonObject[] {
  return draftsOfKind(result, 'BackendTLSPolicy');
}

describe('BackendTLSPolicy', () => {
  it('HTTPS with a proxy-ssl-secret and name: the Service port, the CA ConfigMap, the name to verify', () => {
    const result = migrate([
      NGINX_CLASS,
      SERVICE,
      ingress({
        name: 'web',
        paths: [{ path: '/', port: 443 }],
        annotations: {
          'backend-protocol': 'https',
          'proxy-ssl-secret': 'shop/web-backend',
          'proxy-ssl-name': 'Web.Internal.Example.com',
          'proxy-ssl-verify': 'on',
          'proxy-ssl-server-name': 'on',
          'proxy-ssl-protocols': 'TLSv1.3',
        },
      }),
    ]);
    expect(policies(result).map((p) => [p.metadata, p.spec])).toEqual([
      [
        {
          name: 'web-https-tls',
          namespace: 'shop',
          annotations: { 'kubeward.io/source-ingress': 'shop/web' },
        },
        {
          targetRefs: [{ group: '', kind: 'Service', name: 'web', sectionName: 'https' }],
          validation: {
            caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'web-backend-ca' }],
            hostname: 'web.internal.example.com',
          },
        },
      ],
    ]);
    const draft = result.objects.find((d) => d.object.kind === 'BackendTLSPolicy');
    expect(draft?.needs).toBe('v1.4');
    expect(draft?.comments.join('\n')).toContain(
      'kubectl -n shop create configmap web-backend-ca --from-literal=ca.crt="$(kubectl -n shop get secret web-backend -o jsonpath=\'{.data.ca\\.crt}\' | base64 -d)"',
    );
    expect(outcomeOf(result, 'web', 'backend-protocol')).toMatchObject({ class: 'standard', translated: true });
    expect(outcomeOf(result, 'web', 'proxy-ssl-name')).toMatchObject({ translated: true });
    expect(outcomeOf(result, 'web', 'proxy-ssl-protocols')).toMatchObject({
      class: 'implementation-specific',
      translated: false,
    });
    // The ConfigMap is the user's to create: the Ingress has a gap that says so.
    expect(
      recordOf(result, 'web')
        .problems.map((p) => p.message)
        .join('\n'),
    ).toContain('needs ConfigMap shop/web-backend-ca');
  });

  it('HTTPS without proxy-ssl-secret: the other keys are ignored, the hostname is the cluster name, and it says so', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        paths: [{ path: '/', port: 8443 }],
        annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-verify': 'on', 'proxy-ssl-name': 'x.example.com' },
      }),
    ]);
    expect(policies(result).map((p) => p.spec)).toEqual([
      {
        targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
        validation: {
          caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'web-backend-ca' }],
          hostname: 'web.shop.svc',
        },
      },
    ]);
    expect(outcomeOf(result, 'web', 'proxy-ssl-name')).toMatchObject({ class: 'not-needed' });
    const gaps = recordOf(result, 'web')
      .problems.map((p) => p.message)
      .join('\n');
    expect(gaps).toContain('ingress-nginx verified nothing');
    expect(gaps).toContain('covers all its ports');
  });

  it('GRPCS: a GRPCRoute and the policy on its backend', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'api',
        annotations: { 'backend-protocol': 'GRPCS' },
        paths: [{ path: '/', service: 'api', port: 50051 }],
      }),
    ]);
    expect(draftsOfKind(result, 'GRPCRoute')).toHaveLength(1);
    expect(policies(result).map((p) => (p.spec as { targetRefs: unknown[] }).targetRefs)).toEqual([
      [{ group: '', kind: 'Service', name: 'api' }],
    ]);
  });

  it("a canary Service gets the main Ingress's protocol, hence a policy too", () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', annotations: { 'backend-protocol': 'HTTPS' }, paths: [{ path: '/', port: 443 }] }),
      ingress({
        name: 'web-canary',
        annotations: { canary: 'true', 'canary-weight': '10' },
        paths: [{ path: '/', service: 'web-v2', port: 443 }],
      }),
    ]);
    expect(
      policies(result)
        .map((p) => (p.metadata as { name: string }).name)
        .sort(),
    ).toEqual(['web-tls', 'web-v2-tls']);
  });

  it('proxy-ssl-* on a plain HTTP backend does nothing, and is recorded so; no policy', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', annotations: { 'proxy-ssl-secret': 'shop/ca', 'proxy-ssl-verify': 'on' } }),
    ]);
    expect(policies(result)).toEqual([]);
    expect(outcomeOf(result, 'web', 'proxy-ssl-secret')).toMatchObject({ class: 'not-needed', translated: true });
  });

  it('a proxy-ssl-secret of another namespace is refused by ingress-nginx: named, no CA taken from it', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'other/ca' },
        paths: [{ path: '/', port: 443 }],
      }),
    ]);
    expect(outcomeOf(result, 'web', 'proxy-ssl-secret')).toMatchObject({ translated: false });
    expect(recordOf(result, 'web').outcome).toBe('gaps');
  });

  it('two Ingresses wanting different names for one Service port: the first is kept, the second told', () => {
    const result = migrate([
      NGINX_CLASS,
      SERVICE,
      ingress({
        name: 'a',
        host: 'a.example.com',
        paths: [{ path: '/', port: 443 }],
        annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'shop/ca', 'proxy-ssl-name': 'a.internal' },
      }),
      ingress({
        name: 'b',
        host: 'b.example.com',
        paths: [{ path: '/', port: 443 }],
        annotations: { 'backend-protocol': 'HTTPS', 'proxy-ssl-secret': 'shop/ca', 'proxy-ssl-name': 'b.internal' },
      }),
    ]);
    expect(policies(result)).toHaveLength(1);
    expect(
      recordOf(result, 'b')
        .problems.map((p) => p.message)
        .join('\n'),
    ).toContain('already has a BackendTLSPolicy');
  });
});
