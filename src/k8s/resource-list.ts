/**
 * Resource lists (`requests`, `limits`) as Kubernetes finally sees them:
 *
 * - every value is rounded up to 1m, as the API server stores it;
 * - requests missing from a container are copied from its limits, key by key (`SetDefaults_Pod`; an explicit
 *   `cpu: 0` request stays); a manifest's pod template never shows this copy, so it is simulated here.
 */
import { ObjectMemo } from './memo.js';
import { asObject, type JsonObject } from './object.js';
import { type ParseResult, parseQuantity, type Quantity, roundUpToMilli } from './quantity.js';

export type ResourceList = ReadonlyMap<string, Quantity>;

/**
 * Parses a ResourceList (`requests` or `limits`). Values that do not parse are left out (treated as absent);
 * the others are rounded up to 1m like the API server stores them. The text keeps the value as written.
 */
export function parseResourceList(value: unknown): Map<string, Quantity> {
  return new Map(resourceListOf(value));
}

/**
 * parseResourceList without the copy, parsed once per list object: several rules read each container's lists, and a
 * list may hold thousands of extended resources.
 */
export function resourceListOf(value: unknown): ResourceList {
  const list = asObject(value);
  return list === undefined ? NO_RESOURCES : resourceLists.through(list, readResourceList);
}

const NO_RESOURCES: ResourceList = new Map();
const resourceLists = new ObjectMemo<JsonObject, ResourceList>();
const parsedLists = new ObjectMemo<JsonObject, ReadonlyMap<string, ParseResult>>();

/** Every value of a resource list parsed, valid or not, once per list object (in the list's order). */
export function parsedResourceList(list: JsonObject): ReadonlyMap<string, ParseResult> {
  return parsedLists.through(list, (l) => new Map(Object.entries(l).map(([name, raw]) => [name, parseQuantity(raw)])));
}

function readResourceList(list: JsonObject): ResourceList {
  const out = new Map<string, Quantity>();
  for (const [name, q] of parsedResourceList(list)) {
    if (q.ok) out.set(name, { nanos: roundUpToMilli(q.nanos), text: q.text });
  }
  return out;
}

/** Where a value the container does not write comes from. */
export type ValueOrigin = { from: 'limits' } | { from: 'limitRange'; limitRange: string };

export interface EffectiveResources {
  /** Requests after the limits→requests copy (and after LimitRange defaults when they were applied). */
  readonly requests: ResourceList;
  readonly limits: ResourceList;
  /** Request keys the container does not write, with where they come from. */
  readonly requestOrigins: ReadonlyMap<string, ValueOrigin>;
  /** Limit keys the container does not write (only LimitRange defaults). */
  readonly limitOrigins: ReadonlyMap<string, ValueOrigin>;
}

/**
 * A container's requests and limits as the Pod created from it will have them (before admission): each request
 * the container does not set is copied from its limit. A key that is present, even `0`, is never overwritten.
 */
export function effectiveResources(container: JsonObject): EffectiveResources {
  let result = effectiveMemo.get(container);
  if (result === undefined) {
    result = readEffectiveResources(container);
    effectiveMemo.set(container, result);
  }
  return result;
}

/** Every resources rule reads each container: parse it once per container object. */
const effectiveMemo = new ObjectMemo<JsonObject, EffectiveResources>();

function readEffectiveResources(container: JsonObject): EffectiveResources {
  const resources = asObject(container.resources);
  const requests = parseResourceList(resources?.requests);
  const limits = resourceListOf(resources?.limits);
  const requestOrigins = new Map<string, ValueOrigin>();
  for (const [name, limit] of limits) {
    if (requests.has(name)) continue;
    requests.set(name, limit);
    requestOrigins.set(name, { from: 'limits' });
  }
  return { requests, limits, requestOrigins, limitOrigins: new Map() };
}

/** A value for messages: as written, plus where it came from when the container does not write it. */
export function describeValue(q: Quantity, origin?: ValueOrigin): string {
  if (origin === undefined) return q.text;
  if (origin.from === 'limits') return `${q.text} (copied from its limit)`;
  return `${q.text} (default of LimitRange ${origin.limitRange})`;
}
