/** The version of an ingress-nginx controller workload: its image tag, else its chart labels. */
import { parseImageRef } from '../k8s/image.js';
import { CHART_LABEL, NAME_LABEL, PART_OF_LABEL, VERSION_LABEL } from '../k8s/labels.js';
import { asString } from '../k8s/object.js';
import { chartVersionOfLabel, controllerVersionOfChart } from './nginx-charts.js';
import { type IngressNginxController, workloadLabels } from './nginx-controller.js';
import { type ControllerVersion, parseVersion } from './nginx-versions.js';

export type VersionSource = 'image' | 'chart-label' | 'version-label';

export type ControllerVersionResult =
  | {
      readonly known: true;
      readonly version: ControllerVersion;
      readonly source: VersionSource;
      /** Where the version was read, for messages: `from the image tag`, `from label helm.sh/chart: ingress-nginx-4.11.2`. */
      readonly detail: string;
    }
  | {
      readonly known: false;
      /** `digest-only`: no tag; `unknown-tag`: a tag that is not a version (`latest`); `no-image`: no image at all. */
      readonly reason: 'digest-only' | 'unknown-tag' | 'no-tag' | 'no-image';
      readonly detail: string;
    };

/** The controller version the chart labels give: `helm.sh/chart` through the chart table, else `app.kubernetes.io/version`. */
export function controllerVersionFromLabels(
  labels: Readonly<Record<string, string>>,
): ControllerVersionResult | undefined {
  const chartLabel = labels[CHART_LABEL];
  const chart = chartLabel === undefined ? undefined : chartVersionOfLabel(chartLabel);
  if (chart !== undefined) {
    const version = controllerVersionOfChart(chart);
    if (version !== undefined) {
      return { known: true, version, source: 'chart-label', detail: `from label ${CHART_LABEL}: ${chartLabel}` };
    }
  }
  const saysIngressNginx =
    chart !== undefined || labels[NAME_LABEL] === 'ingress-nginx' || labels[PART_OF_LABEL] === 'ingress-nginx';
  const versionLabel = labels[VERSION_LABEL];
  if (saysIngressNginx && versionLabel !== undefined) {
    const version = parseVersion(versionLabel);
    if (version !== undefined) {
      return {
        known: true,
        version,
        source: 'version-label',
        detail: `from label ${VERSION_LABEL}: "${versionLabel}"`,
      };
    }
  }
  return undefined;
}

function versionFromImage(image: string | undefined): ControllerVersionResult {
  if (image === undefined || image.trim() === '') return { known: false, reason: 'no-image', detail: 'no image' };
  const ref = parseImageRef(image);
  if (ref.tag === undefined) {
    return ref.digest !== undefined
      ? { known: false, reason: 'digest-only', detail: `image ${image} is pinned by digest only` }
      : { known: false, reason: 'no-tag', detail: `image ${image} has no tag` };
  }
  const version = parseVersion(ref.tag);
  return version === undefined
    ? { known: false, reason: 'unknown-tag', detail: `image tag "${ref.tag}" is not a controller version` }
    : { known: true, version, source: 'image', detail: 'from the image tag' };
}

/**
 * The controller version of a controller workload: the image tag first, else the `helm.sh/chart` label mapped
 * through the chart table, else `app.kubernetes.io/version` when the labels say ingress-nginx. When none gives a
 * version, the image's reason (digest only, a tag such as `latest`).
 */
export function controllerVersionOf(controller: IngressNginxController): ControllerVersionResult {
  const fromImage = versionFromImage(asString(controller.container.container.image));
  if (fromImage.known) return fromImage;
  return controllerVersionFromLabels(workloadLabels(controller.workload, controller.template)) ?? fromImage;
}
