/** The ingress-nginx family: the retired controller, its known CVEs and the settings that widen exposure. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { ingressNginxAdmissionExposed } from './ingress-nginx-admission-exposed.js';
import { ingressNginxConfigmapExposure } from './ingress-nginx-configmap-exposure.js';
import { ingressNginxControllerVersion } from './ingress-nginx-controller-version.js';
import { ingressNginxRetiredIngress } from './ingress-nginx-retired-ingress.js';

export const ingressNginxRules: readonly AnyRule[] = [
  ingressNginxAdmissionExposed,
  ingressNginxConfigmapExposure,
  ingressNginxControllerVersion,
  ingressNginxRetiredIngress,
];
