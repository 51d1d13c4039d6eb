/** Well-known labels: the recommended `app.kubernetes.io/*` labels, and the chart label Helm charts write. */

export const CHART_LABEL = 'helm.sh/chart';
export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const VERSION_LABEL = 'app.kubernetes.io/version';
