/**
 * What one Ingress's annotations do to the routes drafted from it (its effects), before the routes are built; and
 * the annotation translators' contract. Each translator reads the keys it owns together (a redirect and its code,
 * `enable-cors` and the `cors-*` keys) and records one outcome per key present.
 */
import type { IngressPath } from '../ingress/ingress-paths.js';
import type { NginxKey } from '../ingress/nginx-keys.js';
import type { GatewayApiVersion } from './gateway-api.js';
import type { HostFacts } from './host-facts.js';
import type { AnnotationOutcome, IngressProblem } from './record.js';

export interface HeaderSet {
  readonly name: string;
  readonly value: string;
}

export interface RedirectEffect {
  readonly scheme?: 'http' | 'https';
  readonly hostname?: string;
  readonly port?: number;
  /** The whole path the client is sent to. */
  readonly path?: string;
  readonly statusCode: number;
}

/** A rewrite of the request path, from `rewrite-target`. */
export type RewriteEffect =
  /** No capture references: nginx replaces the whole URI. */
  | { readonly type: 'full'; readonly path: string }
  /**
   * Capture references: decided per path (rewrite.ts `pathRewrite`): the prefix strip idiom, a path with too few
   * groups for them (they are empty, so a full rewrite), or no standard form (the rule is left out).
   */
  | { readonly type: 'captures'; readonly target: string };

/** What one rule does to the path. */
export type PathRewrite =
  | { readonly type: 'full'; readonly path: string }
  | { readonly type: 'strip-prefix'; readonly prefix: string };

/** How the HTTP listener treats the Ingress's rules of a host that has TLS. */
export interface HttpsRedirect {
  /** `ssl-redirect` (default on): redirect plain HTTP when the host has TLS. */
  readonly sslRedirect: boolean;
  /** `force-ssl-redirect`: redirect even when the host has no TLS here (it ends at a load balancer in front). */
  readonly force: boolean;
  /** The controller's `http-redirect-code` (308 unless its ConfigMap says otherwise). */
  readonly statusCode: number;
  /** `preserve-trailing-slash`: off, nginx drops one trailing slash when it redirects. */
  readonly preserveTrailingSlash?: boolean;
}

export interface BackendTlsEffect {
  readonly protocol: 'HTTPS' | 'GRPCS';
  /** `proxy-ssl-secret`: the Secret whose `ca.crt` ingress-nginx trusted. */
  secret?: { readonly namespace: string; readonly name: string };
  /** `proxy-ssl-name` (with a secret), lower-cased: the name to verify and send as SNI. */
  hostname?: string;
}

export interface IngressEffects {
  /** RequestHeaderModifier `set` entries, every rule. */
  readonly headers: HeaderSet[];
  rewrite?: RewriteEffect;
  /** Every rule answers with this redirect instead of proxying. */
  redirect?: RedirectEffect;
  /** An extra rule: Exact `/` redirected to the app root. */
  appRoot?: { readonly path: string; readonly statusCode: number };
  https: HttpsRedirect;
  /** `timeouts.request` of every rule. */
  requestTimeout?: string;
  /** The CORS filter of every rule. */
  cors?: Readonly<Record<string, unknown>>;
  /** GRPCRoute instead of HTTPRoute. */
  grpc: boolean;
  /** `from-to-www-redirect`: the twin of each host redirects to it. */
  wwwRedirect?: boolean;
  /** TLS to the backends (`backend-protocol` HTTPS or GRPCS, with `proxy-ssl-*`): a BackendTLSPolicy per Service. */
  backendTls?: BackendTlsEffect;
  /** Comment lines the routes carry (why a value was chosen). */
  readonly notes: string[];
  needs: GatewayApiVersion;
}

/** An ingress-nginx key of the Ingress. */
export type AnnotationInput = NginxKey;

export interface TranslationContext {
  /** The Ingress's namespace, and `namespace/name`. */
  readonly namespace: string;
  readonly source: string;
  /** What ingress-nginx decides per host across the class (host-facts.ts). */
  readonly facts: ReadonlyMap<string, HostFacts>;
  /** The Ingress's ingress-nginx annotations, by canonical name. */
  readonly annotations: ReadonlyMap<string, AnnotationInput>;
  /** Its paths (every rule's). */
  readonly paths: readonly IngressPath[];
  /** Whether any of its hosts has TLS (from any Ingress of the class: ingress-nginx configures TLS per host). */
  readonly hasTls: boolean;
  readonly effects: IngressEffects;
  /** Records what the key became; ignored for a key the Ingress does not set. */
  record(name: string, outcome: Omit<AnnotationOutcome, 'key' | 'value' | 'securityRelevant'>): void;
  problem(problem: IngressProblem): void;
}

export interface AnnotationTranslator {
  /** The canonical names it owns. */
  readonly names: readonly string[];
  translate(ctx: TranslationContext): void;
}

export function initialEffects(): IngressEffects {
  return {
    headers: [],
    https: { sslRedirect: true, force: false, statusCode: 308 },
    grpc: false,
    notes: [],
    needs: 'v1.0',
  };
}
