/** Building migration reports of small inputs in tests. */

import { loadInputs } from '../../../src/engine/lint.js';
import type { ControllerExposure } from '../../../src/report/migration/exposure.js';
import {
  buildMigrationReport,
  type MigrationReport,
  type MigrationReportOptions,
} from '../../../src/report/migration/model.js';
import { ingress, NGINX_CLASS, yamlOf } from '../../migrate/helpers.js';

export function reportOfText(text: string, options: MigrationReportOptions = {}): MigrationReport {
  const { objects, index, problems } = loadInputs([{ file: 'in.yaml', text }], {});
  if (problems.length > 0) throw new Error(`test input does not load: ${problems.map((p) => p.message).join('; ')}`);
  return buildMigrationReport(objects, index, options);
}

export function reportOf(objects: readonly unknown[], options: MigrationReportOptions = {}): MigrationReport {
  return reportOfText(yamlOf(objects), options);
}

export const TRAEFIK_CLASS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'traefik' },
  spec: { controller: 'traefik.io/ingress-controller' },
};

/** Two namespaces: shop (plain, rate-limited), blog (a snippet, a timeout with regex paths); one Traefik Ingress. */
export const SMALL = [
  NGINX_CLASS,
  TRAEFIK_CLASS,
  ingress({ name: 'plain' }),
  ingress({ name: 'limited', host: 'api.example.com', annotations: { 'limit-rps': '5' } }),
  ingress({
    name: 'snippet',
    namespace: 'blog',
    host: 'blog.example.com',
    annotations: { 'configuration-snippet': 'more_set_headers "X: y";' },
  }),
  ingress({
    name: 'timeout',
    namespace: 'blog',
    host: 't.example.com',
    annotations: { 'proxy-read-timeout': '30', 'use-regex': 'true' },
  }),
  ingress({ name: 'edge', className: 'traefik', host: 'edge.example.com', annotations: { 'rewrite-target': '/' } }),
];

/** A controller with a critical CVE open and its webhook on. */
export const CONTROLLER: ControllerExposure = {
  namespace: 'ingress-nginx',
  name: 'ingress-nginx-controller',
  kind: 'Deployment',
  version: 'v1.11.4',
  classes: ['nginx'],
  cves: [
    { id: 'CVE-2025-1974', score: 9.8, severity: 'critical', fixedIn: ['v1.11.5'], title: 'IngressNightmare' },
    { id: 'CVE-2023-5043', score: 7.6, severity: 'high', fixedIn: ['v1.9.0'], title: 'annotation injection' },
  ],
  worstScore: 9.8,
  upgradeTo: 'v1.13.9',
  admissionWebhook: 'on',
  allowSnippetAnnotations: 'false',
  annotationsRiskLevel: 'Critical',
  snippetsLive: 'no',
  criticalWithWebhook: true,
};
