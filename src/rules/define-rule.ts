/** `defineRule`, the typed identity factory every rule file uses; the contract itself is the engine's (engine/rule.ts). */
import type { Rule } from '../engine/rule.js';

/** Checks a rule against the contract: every finding's `messageId` must be one of `meta.messages`. */
export function defineRule<Options = Record<string, never>, MessageId extends string = string>(
  rule: Rule<Options, MessageId>,
): Rule<Options, MessageId> {
  return rule;
}
