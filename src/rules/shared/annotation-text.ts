/** How the ingress-annotation rules phrase what they found. */
import { closestMatch } from '../../engine/suggest.js';
import { LIVE_NGINX_NAMES } from '../../ingress/nginx-catalogue.js';

/** The known key nearest to an unknown name (`rewrite-targe` -> `rewrite-target`), if it is close enough. */
export function suggestNginxName(name: string): string | undefined {
  return closestMatch(name, LIVE_NGINX_NAMES);
}
