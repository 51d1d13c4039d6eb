/**
 * The translation record: for every Ingress, what each of its annotations became (the object and the construct) or
 * why it did not, and every other gap (a backend that cannot be referenced, a path whose meaning changes). The YAML
 * comments, the JSON output and the summary on stderr are three views of it, and `migration-report` reads it.
 */

/**
 * What Gateway API offers for an ingress-nginx annotation:
 * - `standard`: a construct of the standard channel (translated, or named with the reason it was not);
 * - `implementation-specific`: only a policy of a particular Gateway implementation does it;
 * - `experimental`: a field of the experimental channel only, which the drafts never use;
 * - `no-equivalent`: nothing in Gateway API or its implementations (raw nginx configuration, Lua, ModSecurity);
 * - `not-needed`: the key has no effect to carry over (removed from ingress-nginx, unknown to it, or its default).
 */
export type AnnotationClass = 'standard' | 'implementation-specific' | 'experimental' | 'no-equivalent' | 'not-needed';

export const ANNOTATION_CLASSES: readonly AnnotationClass[] = [
  'standard',
  'implementation-specific',
  'experimental',
  'no-equivalent',
  'not-needed',
];

export interface AnnotationOutcome {
  /** The full key as written. */
  readonly key: string;
  readonly value: string;
  readonly class: AnnotationClass;
  /** True when the drafts carry the key's effect (or it has none to carry). */
  readonly translated: boolean;
  /** The Gateway API construct it became, or would become (`HTTPRoute filter URLRewrite (ReplaceFullPath)`). */
  readonly construct?: string;
  /** Why it was not translated, or what the translation changes. */
  readonly reason?: string;
  /** Where to do it instead (a Gateway implementation's policy). */
  readonly suggestion?: string;
  /** Dropping it opens the route (authentication, allow-lists, rate limits, WAF). */
  readonly securityRelevant: boolean;
}

/**
 * The gaps `migration-report` counts as findings that change the plan: a host in regex mode because of another
 * Ingress, a host + path another Ingress has first, a named Service port that does not resolve, a resource backend.
 */
export type ProblemKind = 'regex-mode' | 'duplicate-path' | 'unresolved-port' | 'resource-backend';

/** A gap that is not one annotation's: a backend, a path, a TLS entry. */
export interface IngressProblem {
  readonly message: string;
  /** What kind of gap it is, for the ones a report counts (absent for the rest). */
  readonly kind?: ProblemKind;
  /** The Ingress field it concerns (`spec.rules[0].http.paths[1].backend`), when there is one. */
  readonly field?: string;
}

/** How the controller resolver attributed the Ingress to ingress-nginx. */
export interface Attribution {
  readonly classSource: 'spec' | 'annotation' | 'default' | 'none';
  readonly className?: string;
  readonly confidence: 'high' | 'medium' | 'low';
  readonly evidence: string;
}

export interface IngressRecord {
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly attribution: Attribution;
  /**
   * `translated`: everything carried over; `gaps`: drafts written, something named below is not in them;
   * `left-out`: its routes were left out (`--fail-closed` and a security-relevant key that cannot be translated);
   * `failed`: nothing could be drafted (every path unusable).
   */
  readonly outcome: 'translated' | 'gaps' | 'left-out' | 'failed';
  readonly annotations: readonly AnnotationOutcome[];
  readonly problems: readonly IngressProblem[];
  /** The drafts its rules went into (`HTTPRoute shop/web-example-com`). */
  readonly objects: readonly string[];
  /** Its security-relevant keys that no draft enforces: its routes are open if applied as they are. */
  readonly requiresPolicy: readonly string[];
}

/** An Ingress left alone: another controller serves it. */
export interface SkippedIngress {
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly controller: string;
  readonly reason: string;
}

export interface MigrationSummary {
  readonly ingresses: number;
  readonly translated: number;
  readonly withGaps: number;
  readonly leftOut: number;
  readonly failed: number;
  readonly skipped: number;
  readonly objects: number;
  /** Annotations (key occurrences) by class. */
  readonly annotationsByClass: Readonly<Record<AnnotationClass, number>>;
  readonly untranslatedAnnotations: number;
  /** The highest Gateway API version any draft needs. */
  readonly minGatewayApiVersion: string;
}

/** Where an Ingress was read: `file:line`, or the attribution alone for a cluster object (line 0). */
export function sourceOf(r: { readonly file: string; readonly line: number }): string {
  return r.line > 0 ? `${r.file}:${r.line}` : r.file;
}
