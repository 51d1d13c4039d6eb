import { describe, expect, it } from 'vitest';
import { INGRESS_NGINX_CHARTS } from '../../src/ingress/ingress-nginx-data.gen.js';
import { chartVersionOfLabel, controllerVersionOfChart } from '../../src/ingress/nginx-charts.js';

describe('chart versions', () => {
  it('holds the whole chart table', () => {
    expect(INGRESS_NGINX_CHARTS).toHaveLength(174);
  });

  it('reads the chart version from the helm.sh/chart label of ingress-nginx only', () => {
    expect(chartVersionOfLabel('ingress-nginx-4.11.2')).toBe('4.11.2');
    expect(chartVersionOfLabel('ingress-nginx-4.12.0-beta.0')).toBe('4.12.0-beta.0');
    expect(chartVersionOfLabel('nginx-ingress-2.7.0')).toBeUndefined();
  });

  it('maps the irregular 4.0-4.9 charts through the table', () => {
    const mapped = (chart: string): string | undefined => controllerVersionOfChart(chart)?.text;
    expect(mapped('4.8.0')).toBe('1.9.0');
    expect(mapped('4.8.3')).toBe('1.9.4');
    expect(mapped('4.9.1')).toBe('1.9.6');
    expect(mapped('4.0.1')).toBe('1.0.0');
    expect(mapped('3.39.0')).toBe('0.49.3');
    expect(mapped('2.11.0')).toBe('0.34.0');
    expect(mapped('4.15.1')).toBe('1.15.1');
  });

  it('maps chart 4.X.Y to controller 1.X.Y from 4.10.0 on, even for versions missing from the table', () => {
    expect(controllerVersionOfChart('4.12.0-beta.0')?.text).toBe('1.12.0-beta.0');
    expect(controllerVersionOfChart('4.16.0')?.text).toBe('1.16.0');
    expect(controllerVersionOfChart('4.0.14')).toBeUndefined();
  });
});
