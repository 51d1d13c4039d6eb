/**
 * A resource quantity that is not negative, as a JSON Schema `pattern` (for values a JSON Schema validates before
 * kubeward parses anything: the Helm chart's `resources`, scripts/gen-chart.mjs imports this file). It is the grammar
 * of src/k8s/quantity.ts (apimachinery's ParseQuantity): `+`?, a number (`1`, `1.5`, `1.`, `.5`), then a binary
 * suffix (Ki … Ei), a decimal suffix (n u m k M G T P E) or a decimal exponent (`e3`, `E-2`). A leading `-` is
 * refused: the API server refuses negative requests and limits. It imports nothing, so Node runs it as it is.
 */
export const RESOURCE_QUANTITY_PATTERN = '^\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$';
