/** ingress-nginx Helm chart versions and the controller version each one deploys (data in ingress-nginx-data.gen.ts). */
import { INGRESS_NGINX_CHARTS } from './ingress-nginx-data.gen.js';
import { type ControllerVersion, parseVersion } from './nginx-versions.js';

export interface IngressNginxChartRelease {
  /** Helm chart version (`helm.sh/chart: ingress-nginx-<chart>`). */
  readonly chart: string;
  /** The controller version (appVersion) the chart deploys. */
  readonly controller: string;
  readonly date: string;
}

const CHART_PREFIX = 'ingress-nginx-';

const CHART_TABLE: ReadonlyMap<string, string> = new Map(INGRESS_NGINX_CHARTS.map((c) => [c.chart, c.controller]));

/** The chart version of an `ingress-nginx-<version>` chart label; undefined for other charts. */
export function chartVersionOfLabel(label: string): string | undefined {
  if (!label.startsWith(CHART_PREFIX)) return undefined;
  const v = parseVersion(label.slice(CHART_PREFIX.length));
  return v?.text;
}

/**
 * The controller version a chart version deploys: the chart table, else the rule that chart 4.X.Y deploys
 * controller 1.X.Y from chart 4.10.0 on; undefined for an older chart missing from the table.
 */
export function controllerVersionOfChart(chart: string): ControllerVersion | undefined {
  const v = parseVersion(chart);
  if (v === undefined) return undefined;
  const mapped = CHART_TABLE.get(v.text);
  if (mapped !== undefined) return parseVersion(mapped);
  if (v.major === 4 && v.minor >= 10) {
    const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
    return parseVersion(`1.${v.minor}.${v.patch}${pre}`);
  }
  return undefined;
}
