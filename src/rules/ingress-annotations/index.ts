/** The ingress-annotations family: controller annotation sprawl, risk, typos and regex traps. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { ingressAnnotationAlias } from './ingress-annotation-alias.js';
import { ingressAnnotationCopyPaste } from './ingress-annotation-copy-paste.js';
import { ingressAnnotationSprawl } from './ingress-annotation-sprawl.js';
import { ingressCanaryIgnoredAnnotation } from './ingress-canary-ignored-annotation.js';
import { ingressClassAnnotation } from './ingress-class-annotation.js';
import { ingressInvalidAnnotationValue } from './ingress-invalid-annotation-value.js';
import { ingressRegexHostWide } from './ingress-regex-host-wide.js';
import { ingressRegexPathType } from './ingress-regex-path-type.js';
import { ingressRemovedAnnotation } from './ingress-removed-annotation.js';
import { ingressRewriteCaptureMismatch } from './ingress-rewrite-capture-mismatch.js';
import { ingressRiskyAnnotation } from './ingress-risky-annotation.js';
import { ingressSnippetAnnotation } from './ingress-snippet-annotation.js';
import { ingressUnknownAnnotation } from './ingress-unknown-annotation.js';

export const ingressAnnotationsRules: readonly AnyRule[] = [
  ingressAnnotationAlias,
  ingressAnnotationCopyPaste,
  ingressAnnotationSprawl,
  ingressCanaryIgnoredAnnotation,
  ingressClassAnnotation,
  ingressInvalidAnnotationValue,
  ingressRegexHostWide,
  ingressRegexPathType,
  ingressRemovedAnnotation,
  ingressRewriteCaptureMismatch,
  ingressRiskyAnnotation,
  ingressSnippetAnnotation,
  ingressUnknownAnnotation,
];
