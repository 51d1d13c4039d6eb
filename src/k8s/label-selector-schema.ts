/**
 * The JSON Schema of a metav1.LabelSelector (matchLabels and matchExpressions, nothing else): the one copy, used by
 * the rules' options (resources-qos-class) and by the Helm chart's values schema (scripts/gen-chart.mjs imports this
 * file). It imports nothing, so Node runs it as it is (type stripping).
 */
export const LABEL_SELECTOR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string', minLength: 1 },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};
