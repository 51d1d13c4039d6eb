import { type BudgetError, budgetErrors } from '../../k8s/pdb-budget.js';
import { defineRule } from '../define-rule.js';

type MessageId = 'bothSet' | 'negative' | 'notIntOrPercent' | 'over100Percent';

export const pdbInvalidBudget = defineRule({
  meta: {
    id: 'pdb-invalid-budget',
    family: 'availability',
    severity: 'error',
    title: 'A PodDisruptionBudget must set one budget the API server accepts',
    rationale:
      'The API server validates the budget of every PodDisruptionBudget it is sent: minAvailable and ' +
      'maxUnavailable may not both be set, each must be a non-negative integer or a percentage string (digits ' +
      'followed by %) of at most 100%. A budget such as minAvailable: 150% or maxUnavailable: -1 is rejected with ' +
      '422 Invalid, so kubectl apply, helm install or the GitOps sync fails on it, and the workload keeps whatever ' +
      'budget it had before, or none.',
    remediation:
      'Set exactly one of minAvailable or maxUnavailable, to an integer of 0 or more or to a quoted percentage ' +
      'between "0%" and "100%" (maxUnavailable: 1 suits most workloads of 2 replicas or more).',
    kinds: ['PodDisruptionBudget'],
    messages: {
      bothSet:
        'minAvailable and maxUnavailable are both set: the API server rejects the PodDisruptionBudget ("minAvailable and maxUnavailable cannot be both set"), so the apply fails; keep one of them.',
      negative:
        '{{field}} {{value}} is negative: the API server rejects the PodDisruptionBudget ("must be greater than or equal to 0"), so the apply fails; use 0 or more.',
      notIntOrPercent:
        '{{field}} {{value}} is neither an integer nor a percentage: the API server rejects the PodDisruptionBudget ("must be an integer or percentage"), so the apply fails; write an integer such as 1 or a percentage such as "50%".',
      over100Percent:
        '{{field}} {{value}} is above 100%: the API server rejects the PodDisruptionBudget ("must not be greater than 100%"), so the apply fails; use a percentage of at most 100%, or an integer count.',
    },
    examples: {
      invalid: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
  namespace: shop
spec:
  minAvailable: 150%
  selector:
    matchLabels: {app: checkout}
`,
      valid: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
  namespace: shop
spec:
  minAvailable: 50%
  selector:
    matchLabels: {app: checkout}
`,
    },
  },
  check(object) {
    return budgetErrors(object).map((e) => finding(e));
  },
});

/** The finding for one validation error, at the field it is about (maxUnavailable when both are set). */
function finding(error: BudgetError): { messageId: MessageId; data?: Record<string, string>; path: string[] } {
  if (error.kind === 'bothSet') return { messageId: 'bothSet', path: ['spec', 'maxUnavailable'] };
  return { messageId: error.kind, data: { field: error.field, value: error.text }, path: ['spec', error.field] };
}
