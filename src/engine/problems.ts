/**
 * Each problem once: of the findings that name one problem (RuleFinding.problem), the report keeps one and lists the
 * other objects involved as its related locations. Linear in the findings (a cross-object problem's object list is
 * bounded by its rule), so it runs after the rules in lint, audit and admission alike; in admission only the incoming
 * object is checked, so a cross-object problem is reported on whichever object is written, the one that can be denied.
 */
import type { JsonPath, K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from './object-index.js';
import type { Problem, RelatedObject } from './rule.js';
import {
  type Finding,
  type ObjectRef,
  type ObjectSource,
  type RelatedLocation,
  SEVERITY_RANK,
  type SourcedObject,
} from './types.js';

/** A finding as a rule made it, before problems are merged. */
export interface Candidate {
  finding: Finding;
  /** The object the finding is on. */
  self: K8sObject;
  /** The field of `self` the finding is about: where a dropped finding's object is related. */
  path?: JsonPath;
  problem?: Problem;
  related?: readonly RelatedObject[];
  /** The rule declares `meta.specialized`. */
  specialized: boolean;
}

/** Related locations per finding, at most: past it, the message and the other findings name the rest. */
export const MAX_RELATED = 20;

export interface MergeContext {
  readonly index: ObjectIndex;
  /** Where an object was loaded from, when it was (the objects checked); a cluster cache's objects have no source. */
  readonly sourceOf: (object: K8sObject) => SourcedObject | undefined;
  /** False: every finding is reported, each with its own related locations (`eachProblemOnce: false`). */
  readonly once: boolean;
  /** Places a path of a loaded object (run.ts's `placed`). */
  readonly place: (
    source: ObjectSource,
    path: JsonPath,
  ) => Pick<Finding, 'file' | 'line' | 'column' | 'path' | 'rendered'>;
}

/** Identity numbers of the objects of one merge: two findings share a problem only on the very same objects. */
class Ids {
  private readonly ids = new Map<K8sObject, number>();
  of(o: K8sObject): number {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(o, id);
    }
    return id;
  }
}

/** The scoped keys of a candidate's problem: equal keys on two findings make them one problem. */
function groupKeys(c: Candidate, ids: Ids): string[] {
  const p = c.problem;
  if (p === undefined) return [];
  let scope: string;
  if (p.among === undefined) scope = String(ids.of(c.self));
  else if (p.among.length === 0) scope = '*';
  else {
    const members = new Set<number>([ids.of(c.self)]);
    for (const o of p.among) members.add(ids.of(o));
    scope = [...members].sort((a, b) => a - b).join(',');
  }
  return [p.key, ...(p.alsoKeys ?? [])].map((k) => `${k}\0${scope}`);
}

/** Candidates joined into problems (union-find over the keys they share), each group in input order. */
function groupsOf(candidates: readonly Candidate[], ids: Ids): { single: Candidate[]; groups: Candidate[][] } {
  const parent: number[] = [];
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    for (let j = i; parent[j] !== r; ) {
      const next = parent[j] as number;
      parent[j] = r;
      j = next;
    }
    return r;
  };
  const owner = new Map<string, number>();
  const single: Candidate[] = [];
  const keyed: Candidate[] = [];
  for (const c of candidates) {
    const keys = groupKeys(c, ids);
    if (keys.length === 0) {
      single.push(c);
      continue;
    }
    const i = keyed.length;
    keyed.push(c);
    parent.push(i);
    for (const k of keys) {
      const o = owner.get(k);
      if (o === undefined) owner.set(k, i);
      else {
        const a = find(o);
        const b = find(i);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  const byRoot = new Map<number, Candidate[]>();
  keyed.forEach((c, i) => {
    const r = find(i);
    const g = byRoot.get(r);
    if (g) g.push(c);
    else byRoot.set(r, [c]);
  });
  return { single, groups: [...byRoot.values()] };
}

/** Whether `a` is the better finding to keep of a problem (see Problem). */
function better(a: Candidate, b: Candidate): boolean {
  const sa = a.finding.suppressed === undefined;
  const sb = b.finding.suppressed === undefined;
  if (sa !== sb) return sa;
  const ra = SEVERITY_RANK[a.finding.severity];
  const rb = SEVERITY_RANK[b.finding.severity];
  if (ra !== rb) return ra > rb;
  if (a.specialized !== b.specialized) return a.specialized;
  const fa = a.problem?.fixHere === true;
  const fb = b.problem?.fixHere === true;
  if (fa !== fb) return fa;
  return false;
}

/** The objects a group's findings are about besides the kept one's own, once each, explicit locations first. */
function relatedOf(kept: Candidate, group: readonly Candidate[]): RelatedObject[] {
  const out = new Map<K8sObject, RelatedObject>();
  const add = (r: RelatedObject): void => {
    if (r.object !== kept.self && !out.has(r.object) && out.size < MAX_RELATED) out.set(r.object, r);
  };
  for (const c of [kept, ...group.filter((g) => g !== kept)]) for (const r of c.related ?? []) add(r);
  for (const c of group) {
    add({ object: c.self, ...(c.path !== undefined ? { path: c.path } : {}) });
    for (const o of c.problem?.among ?? []) add({ object: o });
  }
  return [...out.values()];
}

function refOf(o: K8sObject, index: ObjectIndex): ObjectRef {
  const namespace = index.namespaceOf(o);
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(namespace !== '' ? { namespace } : {}),
    name: o.metadata?.name ?? '',
  };
}

function locate(r: RelatedObject, ctx: MergeContext): RelatedLocation {
  const sourced = ctx.sourceOf(r.object);
  const note = r.note !== undefined ? { note: r.note } : {};
  if (sourced === undefined) return { object: refOf(r.object, ctx.index), ...note, path: '' };
  return { object: refOf(r.object, ctx.index), ...note, ...ctx.place(sourced.source, r.path ?? []) };
}

function withRelated(finding: Finding, related: readonly RelatedObject[], ctx: MergeContext): Finding {
  if (related.length === 0) return finding;
  return { ...finding, related: related.map((r) => locate(r, ctx)) };
}

interface Kept {
  candidate: Candidate;
  finding: Finding;
  /** The scoped keys of the candidates of its problem. */
  keys: string[];
  /**
   * The scoped keys it covers: those of every finding of its problem that is not suppressed, the kept one's and the
   * ones merged into it (a specialized rule's finding kept over resources-qos-class covers what that one covered).
   */
  covers: string[];
}

function scopedCovers(group: readonly Candidate[], ids: Ids): string[] {
  return group.flatMap((c) =>
    c.finding.suppressed === undefined
      ? (c.problem?.covers ?? []).map((key) => `${key}\0${String(ids.of(c.self))}`)
      : [],
  );
}

/**
 * Leaves out the kept findings whose problem a reported finding covers (Problem.covers) at the same or a higher
 * severity, naming their rules on the covering finding. A finding that is left out covers nothing.
 */
function applyCovers(kept: Kept[]): Finding[] {
  // A kept finding is suppressed only when all of its problem's findings are, and then it covers nothing.
  const coverers = new Map<string, number>();
  kept.forEach((k, i) => {
    for (const key of k.covers) if (!coverers.has(key)) coverers.set(key, i);
  });
  if (coverers.size === 0) return kept.map((k) => k.finding);
  const out = kept.map((k) => k.finding as Finding | undefined);
  const also = new Map<number, Set<string>>();
  kept.forEach((k, i) => {
    if (k.finding.suppressed !== undefined) return;
    for (const key of k.keys) {
      const by = coverers.get(key);
      if (by === undefined || by === i || out[by] === undefined) continue;
      const cover = kept[by] as Kept;
      if (SEVERITY_RANK[cover.finding.severity] < SEVERITY_RANK[k.finding.severity]) continue;
      out[i] = undefined;
      const names = also.get(by) ?? new Set(cover.finding.alsoReportedBy ?? []);
      for (const id of [k.finding.ruleId, ...(k.finding.alsoReportedBy ?? [])])
        if (id !== cover.finding.ruleId) names.add(id);
      also.set(by, names);
      return;
    }
  });
  for (const [i, names] of also) {
    const f = out[i];
    if (f !== undefined && names.size > 0) out[i] = { ...f, alsoReportedBy: [...names] };
  }
  return out.filter((f): f is Finding => f !== undefined);
}

/** The findings to report, each problem once (in `ctx.once`), split into reported and suppressed. */
export function mergeProblems(
  candidates: readonly Candidate[],
  ctx: MergeContext,
): { findings: Finding[]; suppressed: Finding[] } {
  if (!ctx.once) return reportedAndSuppressed(candidates.map((c) => withRelated(c.finding, relatedOf(c, [c]), ctx)));
  const ids = new Ids();
  const { single, groups } = groupsOf(candidates, ids);
  const kept: Kept[] = [];
  for (const c of single)
    kept.push({
      candidate: c,
      finding: withRelated(c.finding, relatedOf(c, [c]), ctx),
      keys: [],
      covers: scopedCovers([c], ids),
    });
  for (const group of groups) {
    let best = group[0] as Candidate;
    for (const c of group) if (better(c, best)) best = c;
    const also = [...new Set(group.map((c) => c.finding.ruleId))].filter((id) => id !== best.finding.ruleId);
    const finding = withRelated(best.finding, relatedOf(best, group), ctx);
    kept.push({
      candidate: best,
      finding: also.length > 0 ? { ...finding, alsoReportedBy: also } : finding,
      keys: group.flatMap((c) => groupKeys(c, ids)),
      covers: scopedCovers(group, ids),
    });
  }
  return reportedAndSuppressed(applyCovers(kept));
}

function reportedAndSuppressed(out: readonly Finding[]): { findings: Finding[]; suppressed: Finding[] } {
  return {
    findings: out.filter((f) => f.suppressed === undefined),
    suppressed: out.filter((f) => f.suppressed !== undefined),
  };
}
