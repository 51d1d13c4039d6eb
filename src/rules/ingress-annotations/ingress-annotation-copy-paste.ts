import type { ObjectIndex } from '../../engine/object-index.js';
import { controllerPrefixOf } from '../../ingress/annotation-prefixes.js';
import { nginxPrefixOf } from '../../ingress/ingress-class.js';
import { ObjectMemo } from '../../k8s/memo.js';
import { refText } from '../../k8s/names.js';
import { type K8sObject, rawAnnotations } from '../../k8s/object.js';
import { listText } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { annotationGroupsText } from '../shared/annotation-text.js';

export interface IngressAnnotationCopyPasteOptions {
  /** Only blocks of at least this many controller annotations count. */
  minAnnotations: number;
  /** Report when at least this many distinct Ingresses carry the same block. */
  minIngresses: number;
}

/** The controller annotations of an Ingress, with string values, as a canonical signature. */
interface Block {
  readonly signature: string;
  readonly keys: readonly string[];
  /** The prefix the Ingress's ingress-nginx controller reads. */
  readonly nginxPrefix: string;
}

interface Copies {
  /** Distinct namespace/name of the Ingresses carrying the block (the same object loaded twice counts once). */
  readonly refs: Set<string>;
  text?: string;
}

interface CopyIndex {
  readonly blockOf: Map<K8sObject, Block>;
  readonly copies: Map<string, Copies>;
}

/** Index -> configured ingress-nginx prefix ('' for none) -> its copy index. */
const cache = new ObjectMemo<ObjectIndex, Map<string, CopyIndex>>();

/** The controller keys of an Ingress: of any known controller, or under its ingress-nginx controller's prefix. */
function blockOf(ingress: K8sObject, nginxPrefix: string): Block | undefined {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(rawAnnotations(ingress))) {
    if (typeof value !== 'string') continue;
    if (key.startsWith(nginxPrefix) || controllerPrefixOf(key) !== undefined) entries.push([key, value]);
  }
  if (entries.length === 0) return undefined;
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { signature: JSON.stringify(entries), keys: entries.map((e) => e[0]), nginxPrefix };
}

/**
 * Built once per index (and configured prefix): every Ingress's block, and the Ingresses sharing each block. Linear
 * in annotations.
 */
function copyIndex(index: ObjectIndex, configured: string | undefined): CopyIndex {
  let byPrefix = cache.get(index);
  if (byPrefix === undefined) {
    byPrefix = new Map();
    cache.set(index, byPrefix);
  }
  const hit = byPrefix.get(configured ?? '');
  if (hit) return hit;
  const blocks = new Map<K8sObject, Block>();
  const copies = new Map<string, Copies>();
  for (const ingress of index.ofKind('Ingress')) {
    const block = blockOf(ingress, nginxPrefixOf(ingress, index, configured));
    if (block === undefined) continue;
    blocks.set(ingress, block);
    let c = copies.get(block.signature);
    if (c === undefined) {
      c = { refs: new Set() };
      copies.set(block.signature, c);
    }
    c.refs.add(refText(ingress, index));
  }
  const built = { blockOf: blocks, copies };
  byPrefix.set(configured ?? '', built);
  return built;
}

/** The option defaults (typed, so `defineRule` infers the options and the message ids). */
const DEFAULTS: IngressAnnotationCopyPasteOptions = { minAnnotations: 5, minIngresses: 3 };

export const ingressAnnotationCopyPaste = defineRule({
  meta: {
    id: 'ingress-annotation-copy-paste',
    family: 'ingress-annotations',
    severity: 'info',
    title: 'Large controller annotation blocks are not copied across many Ingresses',
    rationale:
      'A block of CORS, auth, timeout and rate-limit annotations pasted into every Ingress drifts: one copy gets the ' +
      'security fix, the others keep the old origin list or the old timeout, and nobody can tell which variant is ' +
      'intended. Each copy is also migrated one by one when the controller is replaced, which multiplies the work ' +
      'of leaving ingress-nginx by the number of copies.',
    remediation:
      'Move settings that every Ingress shares into the controller ConfigMap, or generate the block from one place ' +
      '(a Helm helper, a Kustomize component). On Gateway API, express it once: as a policy attached to the Gateway ' +
      'or to a shared route, instead of one filter set per HTTPRoute.',
    // A review of every Ingress against every other: for a set (files, a cluster), not a verdict on one write.
    runsOn: ['lint', 'audit'],
    kinds: ['Ingress'],
    messages: {
      copiedBlock:
        'The same {{count}} controller annotations ({{groups}}), with identical values, are on {{copies}} Ingresses: ' +
        '{{ingresses}}. On Gateway API this is one shared policy rather than a copy per route.',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          minAnnotations: {
            type: 'integer',
            minimum: 1,
            description: 'Only blocks of at least this many controller annotations count as large.',
          },
          minIngresses: {
            type: 'integer',
            minimum: 2,
            description: 'Report when at least this many distinct Ingresses carry the same block.',
          },
        },
      },
      defaults: DEFAULTS,
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
    nginx.ingress.kubernetes.io/limit-rps: "50"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  rules:
    - host: orders.shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: orders, port: {number: 8080}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: carts
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
    nginx.ingress.kubernetes.io/limit-rps: "50"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  rules:
    - host: carts.shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: carts, port: {number: 8080}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: users
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
    nginx.ingress.kubernetes.io/limit-rps: "50"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  rules:
    - host: users.shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: users, port: {number: 8080}}}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  rules:
    - host: orders.shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: orders, port: {number: 8080}}}}
`,
    },
  },
  check(object, ctx) {
    const { minAnnotations, minIngresses } = ctx.options;
    const idx = copyIndex(ctx.index, ctx.ingressNginx?.annotationsPrefix);
    const block = idx.blockOf.get(object);
    if (block === undefined || block.keys.length < minAnnotations) return [];
    const copies = idx.copies.get(block.signature);
    if (copies === undefined || copies.refs.size < minIngresses) return [];
    copies.text ??= listText([...copies.refs]);
    return [
      {
        messageId: 'copiedBlock',
        data: {
          count: block.keys.length,
          groups: annotationGroupsText(block.keys, block.nginxPrefix),
          copies: copies.refs.size,
          ingresses: copies.text,
        },
        path: ['metadata', 'annotations'],
      },
    ];
  },
});
