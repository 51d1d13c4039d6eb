import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controllerVersionOfChart } from '../../src/ingress/nginx-charts.js';

const root = join(import.meta.dirname, '..', '..');

const research = join(root, 'data', 'research');

const haveResearch = existsSync(join(research, 'ingress-nginx-cves.json'));

const skipNote = haveResearch ? '' : ' (skipped: ../shared/research not found)';

describe('the generated file', () => {
  it.skipIf(!haveResearch)(`is up to date with ../shared/research${skipNote}`, () => {
    const fresh = execFileSync(process.execPath, [join(root, 'scripts', 'gen-ingress-nginx-data.mjs'), '--stdout'], {
      encoding: 'utf8',
      env: { ...process.env, KUBEWARD_RESEARCH: research },
    });
    const committed = readFileSync(join(root, 'src', 'ingress', 'ingress-nginx-data.gen.ts'), 'utf8');
    expect(committed, 'stale: run node scripts/gen-ingress-nginx-data.mjs').toBe(fresh);
  });

  it.skipIf(!haveResearch)(`agrees with the chart table of the research file${skipNote}`, () => {
    const data = JSON.parse(readFileSync(join(research, 'ingress-nginx-chart-versions.json'), 'utf8')) as {
      charts: { chart: string; app: string }[];
    };
    for (const c of data.charts) expect(controllerVersionOfChart(c.chart)?.text, c.chart).toBe(c.app);
  });
});
