/** Shared types of the engine, the rules and the formatters. */

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Rank for comparisons: a higher number is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export type Family =
  | 'resources'
  | 'ingress-annotations'
  | 'ingress-nginx'
  | 'autoscaling'
  | 'availability'
  | 'api-versions';
export const FAMILIES: readonly Family[] = [
  'resources',
  'ingress-annotations',
  'ingress-nginx',
  'autoscaling',
  'availability',
  'api-versions',
];

/** The object model is Kubernetes' (k8s/object.ts); the engine's types build on it. */
import type { JsonPath, K8sObject } from '../k8s/object.js';

/** How a finding names the object it is about. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface Position {
  line: number;
  column: number;
}

/** Where an object came from, and how to turn a path inside it into a position. */
export interface ObjectSource {
  /** The file a report names: the Helm template when the stream said `# Source:`, else the input file. */
  readonly file: string;
  /** The input actually read (a path, `<stdin>`, or `cluster:<context>`). */
  readonly inputFile: string;
  /** Position of the object's first line in `file`. */
  readonly position: Position;
  /**
   * Resolve a path to the position of the deepest existing node on it.
   * Returns the resolved position in `file` coordinates, and in the input file.
   */
  locate(path: JsonPath): SourceLocation;
}

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** The same place in the input stream, when `file` is a Helm template named by `# Source:`. */
  rendered?: { file: string; line: number; column: number };
}

/** A loaded object with its source. */
export interface SourcedObject {
  readonly object: K8sObject;
  readonly ref: ObjectRef;
  readonly source: ObjectSource;
}

export interface Suppression {
  /** `annotation` (ignore-check.kubeward.io/<rule>) or `config` (exclude in .kubeward.yaml). */
  by: 'annotation' | 'config';
  reason: string;
}

/** A finding as reported. The JSON formatter writes exactly these fields. */
export interface Finding {
  ruleId: string;
  /** `input`: the input could not be read (exit code 2); `kubeward`: a problem with kubeward's own annotations. */
  family: Family | 'input' | 'kubeward';
  severity: Severity;
  message: string;
  /** Which of the rule's messages (`meta.messages`); absent on input problems and kubeward's own findings. */
  messageId?: string;
  object: ObjectRef | null;
  file: string;
  line: number;
  column: number;
  /** Dotted path, e.g. `spec.template.spec.containers[0].resources`. Empty for whole-file problems. */
  path: string;
  /** Set when a Helm `# Source:` comment attributed the object to a template. */
  rendered?: { file: string; line: number; column: number };
  /** The other objects the finding is about (a cross-object problem is reported once, at one of its objects). */
  related?: RelatedLocation[];
  /** Other rules whose findings stated the same problem and were dropped for this one (`eachProblemOnce`). */
  alsoReportedBy?: string[];
  suppressed?: Suppression;
}

/** Another object a finding is about: where it is, when it was loaded from a file (not so for a cluster's objects). */
export interface RelatedLocation {
  object: ObjectRef;
  /** What the location is, when the rule says. */
  note?: string;
  file?: string;
  line?: number;
  column?: number;
  /** Dotted path of the field meant; empty for the object itself. */
  path: string;
  rendered?: { file: string; line: number; column: number };
}

export interface Summary {
  files: number;
  objects: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  inputErrors: number;
  /** Findings of `rule-crashed`: a rule threw on an object, which was therefore not fully checked (exit code 2). */
  ruleCrashes: number;
  rulesRun: number;
  /** Files a directory walk found that hold no Kubernetes object (values files, CI workflows), skipped; absent: none. */
  skippedFiles?: number;
}

/** A file that was read, and every object loaded from it (with or without findings). */
export interface CheckedFile {
  /** As findings name it: the Helm template for attributed objects, else the input file. */
  file: string;
  objects: readonly ObjectRef[];
}

export interface LintResult {
  /** Active (not suppressed) findings, sorted by file, line, column, rule. */
  findings: Finding[];
  /** Findings a suppression matched; counted in the summary, never dropped silently. */
  suppressed: Finding[];
  summary: Summary;
  /** Everything checked, objects without findings included (JUnit lists clean files as passing cases). */
  checked?: CheckedFile[];
  /** The files skipped as not Kubernetes manifests (Summary.skippedFiles counts them). */
  skipped?: readonly string[];
}
