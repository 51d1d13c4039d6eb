import { describe, expect, it } from 'vitest';
import { controllerPrefixOf } from '../../src/ingress/annotation-prefixes.js';

describe('controller prefixes', () => {
  it('knows the prefixes of other controllers, and that cert-manager is not one', () => {
    expect(controllerPrefixOf('traefik.ingress.kubernetes.io/router.tls')?.controller).toBe('traefik');
    expect(controllerPrefixOf('nginx.com/health-checks')?.controller).toBe('f5-nginx');
    expect(controllerPrefixOf('haproxy.router.openshift.io/timeout')?.controller).toBe('openshift-router');
    expect(controllerPrefixOf('alb.ingress.kubernetes.io/scheme')?.controller).toBe('aws-alb');
    expect(controllerPrefixOf('networking.gke.io/managed-certificates')?.controller).toBe('gce');
    expect(controllerPrefixOf('cert-manager.io/cluster-issuer')).toBeUndefined();
    expect(controllerPrefixOf('kubernetes.io/ingress.class')).toBeUndefined();
  });
});
