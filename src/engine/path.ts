import type { JsonPath } from '../k8s/object.js';

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** Formats a JSON path the way reports show it: `spec.containers[0].resources`, `metadata.annotations["a/b"]`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENT.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
