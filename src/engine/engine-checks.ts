/**
 * Checks the engine makes itself, outside the rule registry, because they need what a rule never sees (where an
 * object was loaded from): they are configured under `rules:` like a rule (off, or a severity; no options).
 */
import type { AnyRule } from './rule.js';

export const DUPLICATE_OBJECT = 'duplicate-object';

/** `duplicate-object` as the config pipeline knows a rule: its id, default severity and no options. */
export const DUPLICATE_OBJECT_CHECK: AnyRule = {
  meta: {
    id: DUPLICATE_OBJECT,
    family: 'availability',
    severity: 'info',
    title: 'An object is defined once where one apply applies it',
    rationale:
      'A cluster holds one object of a kind, namespace and name: of two definitions in one file, directory or render, whichever is applied last replaces the other, silently.',
    remediation: 'Keep one definition, or rename one of them.',
    kinds: [],
    messages: {},
    examples: { invalid: '', valid: '' },
  },
  check: () => [],
};

/** The engine's checks, by id, for the config pipeline. */
export const ENGINE_CHECKS: readonly AnyRule[] = [DUPLICATE_OBJECT_CHECK];
