import type { ObjectIndex } from '../../engine/object-index.js';
import { MAX_RELATED } from '../../engine/problems.js';
import type { Problem, RelatedObject, RuleFinding } from '../../engine/rule.js';
import { ingressNginxServing } from '../../ingress/ingress-class.js';
import { type IngressPath, ingressPaths, isCanary, regexModeKey } from '../../ingress/ingress-paths.js';
import { ObjectMemo } from '../../k8s/memo.js';
import { refText } from '../../k8s/names.js';
import { type K8sObject, rawAnnotations } from '../../k8s/object.js';
import { listText } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { problems } from '../shared/problems.js';

/** One host of one IngressClass: the Ingresses that switch it to regex mode and those whose plain paths change. */
interface HostGroup {
  /** The membership id: class and host. */
  readonly id: string;
  readonly host: string;
  readonly className: string;
  /** Ingress -> the annotation that switches the host. */
  readonly causes: Map<K8sObject, string>;
  /** Ingress -> its paths on this host whose meaning regex mode changes. */
  readonly affected: Map<K8sObject, IngressPath[]>;
  causeText?: string;
  affectedText?: string;
}

/** One (class, host) group an Ingress joins: as a cause (it sets use-regex or a regex rewrite), or with affected paths. */
interface Membership {
  readonly id: string;
  readonly host: string;
  readonly className: string;
  readonly cause?: string;
  readonly changed?: readonly IngressPath[];
}

/** Whether regex mode changes what a plain path matches: every path but a Prefix "/" does. */
function changesMeaning(p: IngressPath): boolean {
  return !(p.path === '/' && p.pathType !== 'Exact');
}

/** An Ingress's memberships, also by group id: an Ingress may name thousands of hosts, one group each. */
interface Memberships {
  readonly list: readonly Membership[];
  readonly byId: ReadonlyMap<string, Membership>;
}

/**
 * The configured ingress-nginx annotation prefix (`ingressNginx.annotationsPrefix`, '' for none): each Ingress's keys
 * are read under the prefix of the controller serving it, which the config decides when no controller is loaded.
 */
type Configured = string | undefined;

/** The table of an index for one configured prefix, made on first use. */
function perPrefix<V>(
  memo: ObjectMemo<ObjectIndex, Map<string, V>>,
  index: ObjectIndex,
  c: Configured,
  make: () => V,
): V {
  let byPrefix = memo.get(index);
  if (byPrefix === undefined) {
    byPrefix = new Map();
    memo.set(index, byPrefix);
  }
  let v = byPrefix.get(c ?? '');
  if (v === undefined) {
    v = make();
    byPrefix.set(c ?? '', v);
  }
  return v;
}

const membershipCache = new ObjectMemo<ObjectIndex, Map<string, ObjectMemo<K8sObject, Memberships>>>();

/** The groups an ingress-nginx Ingress joins (none for other controllers and for canaries). */
function membershipsOf(ingress: K8sObject, index: ObjectIndex, c: Configured): readonly Membership[] {
  return membershipTable(ingress, index, c).list;
}

/** The Ingress's membership of one group, if it joins it. */
function membershipIn(ingress: K8sObject, index: ObjectIndex, c: Configured, id: string): Membership | undefined {
  return membershipTable(ingress, index, c).byId.get(id);
}

function membershipTable(ingress: K8sObject, index: ObjectIndex, c: Configured): Memberships {
  const byIngress = perPrefix(membershipCache, index, c, () => new ObjectMemo<K8sObject, Memberships>());
  let memberships = byIngress.get(ingress);
  if (memberships === undefined) {
    const list = readMemberships(ingress, index, c);
    memberships = { list, byId: new Map(list.map((m) => [m.id, m])) };
    byIngress.set(ingress, memberships);
  }
  return memberships;
}

function readMemberships(ingress: K8sObject, index: ObjectIndex, c: Configured): readonly Membership[] {
  const serving = ingressNginxServing(ingress, index, c);
  if (serving === undefined) return [];
  const annotations = rawAnnotations(ingress);
  // A canary's paths are merged into its main Ingress's locations, and its own use-regex is not read.
  if (isCanary(annotations, serving.annotationsPrefix)) return [];
  const className = serving.className ?? '';
  const cause = regexModeKey(annotations, serving.annotationsPrefix);
  const byHost = new Map<string, IngressPath[]>();
  for (const p of ingressPaths(ingress)) {
    const list = byHost.get(p.host);
    if (list) list.push(p);
    else byHost.set(p.host, [p]);
  }
  const out: Membership[] = [];
  for (const [host, paths] of byHost) {
    const id = `${className}\0${host}`;
    if (cause !== undefined) {
      out.push({ id, host, className, cause });
      continue;
    }
    const changed = paths.filter(changesMeaning);
    if (changed.length > 0) out.push({ id, host, className, changed });
  }
  return out;
}

const membersCache = new ObjectMemo<ObjectIndex, Map<string, Map<string, K8sObject[]>>>();

/** Every ingress-nginx Ingress of the index filed under the groups it joins. Linear in the number of paths. */
function membersByGroup(index: ObjectIndex, c: Configured): Map<string, K8sObject[]> {
  return perPrefix(membersCache, index, c, () => readMembersByGroup(index, c));
}

function readMembersByGroup(index: ObjectIndex, c: Configured): Map<string, K8sObject[]> {
  const members = new Map<string, K8sObject[]>();
  for (const ingress of index.ofKind('Ingress')) {
    for (const m of membershipsOf(ingress, index, c)) {
      const list = members.get(m.id);
      if (list) list.push(ingress);
      else members.set(m.id, [ingress]);
    }
  }
  return members;
}

/**
 * The Ingresses of one group. In the webhook the index is the cluster cache with the incoming Ingress laid over it:
 * the cache's grouping is built once and corrected for that one Ingress, so a review costs the size of its host's
 * group, not a pass over every Ingress of the cluster.
 */
function groupMembers(
  index: ObjectIndex,
  c: Configured,
  id: string,
): readonly { ingress: K8sObject; index: ObjectIndex }[] {
  const overlay = index.overlay;
  if (overlay === undefined) return (membersByGroup(index, c).get(id) ?? []).map((ingress) => ({ ingress, index }));
  const base = overlay.base;
  const out = (membersByGroup(base, c).get(id) ?? [])
    .filter((ingress) => ingress !== overlay.replaced)
    .map((ingress) => ({ ingress, index: base }));
  if (overlay.object.kind === 'Ingress' && membershipIn(overlay.object, index, c, id) !== undefined) {
    out.push({ ingress: overlay.object, index });
  }
  return out;
}

const groupCache = new ObjectMemo<ObjectIndex, Map<string, Map<string, HostGroup>>>();

function groupOf(index: ObjectIndex, c: Configured, m: Membership): HostGroup {
  const groups = perPrefix(groupCache, index, c, () => new Map<string, HostGroup>());
  let group = groups.get(m.id);
  if (group === undefined) {
    group = { id: m.id, host: m.host, className: m.className, causes: new Map(), affected: new Map() };
    for (const member of groupMembers(index, c, m.id)) {
      const own = membershipIn(member.ingress, member.index, c, m.id);
      if (own?.cause !== undefined) group.causes.set(member.ingress, own.cause);
      else if (own?.changed !== undefined) group.affected.set(member.ingress, [...own.changed]);
    }
    groups.set(m.id, group);
  }
  return group;
}

/** One problem per host in regex mode, stated by its causes (kept) and by each Ingress whose paths it changes. */
function regexModeProblem(groups: readonly HostGroup[], cause: boolean): Problem {
  const [first, ...rest] = groups.map((g) => problems.hostInRegexMode(g.id, cause));
  return { ...(first as Problem), alsoKeys: rest.map((p) => p.key) };
}

/** The other Ingresses of the groups, bounded: causes at their annotation, then affected Ingresses at their first path. */
function relatedOf(groups: readonly HostGroup[], self: K8sObject): RelatedObject[] {
  const out: RelatedObject[] = [];
  for (const g of groups) {
    for (const [ingress, key] of g.causes) {
      if (out.length >= MAX_RELATED) return out;
      if (ingress !== self) out.push({ object: ingress, path: ['metadata', 'annotations', key], note: `sets ${key}` });
    }
  }
  for (const g of groups) {
    for (const [ingress, paths] of g.affected) {
      if (out.length >= MAX_RELATED) return out;
      if (ingress !== self)
        out.push({ object: ingress, ...(paths[0] ? { path: paths[0].at } : {}), note: 'path changed' });
    }
  }
  return out;
}

/**
 * ` (and so do the use-regex of shop/b)`: the other Ingresses whose annotations put the same hosts in regex mode,
 * since the finding kept for the host is one cause's and removing that annotation alone does not fix it.
 */
function otherCausesText(groups: readonly HostGroup[], self: K8sObject, index: ObjectIndex): string {
  const others = new Map<K8sObject, string>();
  for (const g of groups) for (const [ingress, key] of g.causes) if (ingress !== self) others.set(ingress, key);
  if (others.size === 0) return '';
  const named = uniqueRefs(others.keys(), index, (o) => keyName(others.get(o) ?? ''));
  return ` (and so ${others.size === 1 ? 'does' : 'do'} ${listText(named)})`;
}

const keyName = (key: string): string => key.slice(key.indexOf('/') + 1);

function uniqueRefs(objects: Iterable<K8sObject>, index: ObjectIndex, label?: (o: K8sObject) => string): string[] {
  const seen = new Set<string>();
  for (const o of objects) seen.add(`${refText(o, index)}${label ? ` (${label(o)})` : ''}`);
  return [...seen];
}

function causeText(group: HostGroup, index: ObjectIndex): string {
  group.causeText ??= listText(uniqueRefs(group.causes.keys(), index, (o) => keyName(group.causes.get(o) ?? '')));
  return group.causeText;
}

function affectedText(group: HostGroup, index: ObjectIndex): string {
  group.affectedText ??= listText(uniqueRefs(group.affected.keys(), index));
  return group.affectedText;
}

function hostText(group: HostGroup): string {
  const host = group.host === '' ? 'the default server (rules without host)' : `host ${group.host}`;
  return group.className === '' ? host : `${host} (class ${group.className})`;
}

function pathText(p: IngressPath): string {
  const was = p.pathType === 'Exact' ? 'an exact path' : 'a path prefix';
  return `"${p.path}" (${p.pathType ?? 'no pathType'}) is now the case-insensitive regex ^${p.path} instead of ${was}`;
}

export const ingressRegexHostWide = defineRule({
  meta: {
    id: 'ingress-regex-host-wide',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'use-regex and rewrite-target do not silently change other Ingresses on the same host',
    rationale:
      'In ingress-nginx, use-regex: "true" or any rewrite-target on one Ingress switches every path of that host, ' +
      "across all Ingresses of the class and all namespaces, to case-insensitive regex matching. Another team's " +
      'Exact /health then matches /healthz-debug, a Prefix /api also catches /apiary, and the longest-match order ' +
      'changes: routes move to the wrong backend the moment someone else deploys a rewrite, with nothing in the ' +
      'affected Ingress to explain it.',
    remediation:
      'Give regex routes their own host, or write the other paths of the host as the regexes they have become ' +
      '(pathType ImplementationSpecific, anchored with $ where an exact match is meant). On Gateway API each ' +
      'HTTPRoute match keeps its own type (PathPrefix, Exact or RegularExpression), so this coupling disappears; ' +
      'ingress2gateway reproduces it by turning every path of such a host into a RegularExpression match.',
    kinds: ['Ingress'],
    messages: {
      switchesHost:
        '{{key}} switches every path of {{hosts}} to case-insensitive regex matching, across Ingresses{{alsoCauses}}: ' +
        'it changes what the plain paths of {{others}} match.{{confidence}}',
      hostInRegexMode: '{{host}} is in regex mode because of {{causes}}: path {{paths}}.{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy-rewrite
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /legacy(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: legacy, port: {number: 8080}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: health
  namespace: platform
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /health
            pathType: Exact
            backend:
              service: {name: health, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy-rewrite
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
    - host: legacy.shop.example.com
      http:
        paths:
          - path: /legacy(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: legacy, port: {number: 8080}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: health
  namespace: platform
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /health
            pathType: Exact
            backend:
              service: {name: health, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const c = ctx.ingressNginx?.annotationsPrefix;
    const memberships = membershipsOf(object, ctx.index, c);
    if (memberships.length === 0) return [];
    const groups = memberships.map((m) => groupOf(ctx.index, c, m));
    const serving = ingressNginxServing(object, ctx.index, c);
    const note = serving === undefined ? '' : confidenceNote(serving);
    const findings: RuleFinding<'switchesHost' | 'hostInRegexMode'>[] = [];
    const causeKey =
      serving === undefined ? undefined : regexModeKey(rawAnnotations(object), serving.annotationsPrefix);
    if (causeKey !== undefined) {
      const hit = groups.filter((g) => g.affected.size > 0);
      if (hit.length === 0) return [];
      findings.push({
        messageId: 'switchesHost',
        data: {
          key: causeKey,
          hosts: listText(hit.map(hostText)),
          others: listText(hit.map((g) => affectedText(g, ctx.index))),
          alsoCauses: otherCausesText(hit, object, ctx.index),
          confidence: note,
        },
        path: ['metadata', 'annotations', causeKey],
        problem: regexModeProblem(hit, true),
        related: relatedOf(hit, object),
      });
      return findings;
    }
    for (const g of groups) {
      const paths = g.affected.get(object);
      if (g.causes.size === 0 || paths === undefined || paths[0] === undefined) continue;
      findings.push({
        messageId: 'hostInRegexMode',
        data: {
          host: hostText(g),
          causes: causeText(g, ctx.index),
          paths: listText(paths.map(pathText), 2),
          confidence: note,
        },
        path: paths[0].at,
        problem: regexModeProblem([g], false),
        related: relatedOf([g], object),
      });
    }
    return findings;
  },
});
