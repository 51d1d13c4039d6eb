/**
 * The ingress-nginx keys an Ingress sets, read as the controller reads them: under its annotation prefix, a legacy
 * alias under the canonical name it stands for, and the canonical key winning over its alias.
 */

import { type K8sObject, rawAnnotations } from '../k8s/object.js';
import { INGRESS_NGINX_PREFIX } from './annotation-prefixes.js';
import { nginxAnnotationByName } from './nginx-catalogue.js';

export interface NginxKey {
  /** The key as written. */
  readonly key: string;
  /** The canonical name without prefix (a legacy alias is read under its canonical name). */
  readonly name: string;
  readonly value: string;
}

/**
 * The Ingress's ingress-nginx keys, by canonical name. `prefix` is the one its controller reads: the resolution's
 * `annotationsPrefix` (`nginxPrefixOf` in ingress-class.ts), which honours a custom `--annotations-prefix`.
 */
export function nginxKeysOf(ingress: K8sObject, prefix: string = INGRESS_NGINX_PREFIX): Map<string, NginxKey> {
  const out = new Map<string, NginxKey>();
  for (const [key, value] of Object.entries(rawAnnotations(ingress))) {
    if (!key.startsWith(prefix) || typeof value !== 'string') continue;
    const written = key.slice(prefix.length);
    const name = nginxAnnotationByName(written)?.aliasOf ?? written;
    // The canonical key wins over its alias, as the controller reads it first.
    if (out.has(name) && written !== name) continue;
    out.set(name, { key, name, value });
  }
  return out;
}
