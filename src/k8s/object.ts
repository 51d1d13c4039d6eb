/**
 * Kubernetes objects as loaded (only apiVersion and kind are guaranteed), and small, typed accessors over their
 * untyped data. Rules use these instead of casts.
 */
import { ObjectMemo } from './memo.js';

/** A JSON path into an object: keys and array indexes, e.g. ['spec', 'containers', 0]. */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

export type JsonObject = { [key: string]: unknown };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A Kubernetes object as loaded: only apiVersion and kind are guaranteed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Reads a nested value: `getPath(obj, ['spec', 'template'])`. */
export function getPath(v: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = v;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isObject(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}

/** A string-to-string map (labels, annotations); non-string values are dropped. */
export function asStringMap(v: unknown): Record<string, string> {
  // No prototype: a look-up of a key such as `constructor` (a label named in config) finds only what the object has.
  const out = Object.create(null) as Record<string, string>;
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/**
 * Wraps a pure function of one object in a per-object cache. Rules treat loaded objects as read-only, and several
 * rules ask the same question of each object (its pod template, its autoscaler target, its HPA metrics).
 * In the webhook the entries for the request's own objects last only as long as the request (see k8s/memo.ts).
 */
export function perObject<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const memo = new ObjectMemo<K, V>();
  return (key) => memo.through(key, fn);
}

/** `metadata.labels` of an object as a string map (non-string values left out), computed once per object. */
export const labelsOf: (object: { metadata?: unknown }) => Readonly<Record<string, string>> = perObject((object) =>
  asStringMap(asObject(object.metadata)?.labels),
);

/** The raw annotations map (values as loaded: a non-string value is kept, so rules can report it). */
export function rawAnnotations(object: K8sObject): Readonly<Record<string, unknown>> {
  const a = object.metadata?.annotations;
  return isObject(a) ? a : {};
}
