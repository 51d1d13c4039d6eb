import { describe, expect, it } from 'vitest';
import { knownControllerImage } from '../../src/ingress/controller-images.js';

describe('knownControllerImage', () => {
  it('matches known images behind mirrors and registries, but not look-alikes', () => {
    expect(knownControllerImage('mirror.corp:5000/dockerhub/kong/kong-gateway:3.9')?.controller).toBe('kong');
    expect(knownControllerImage('private-registry.nginx.com/nginx-ic/nginx-plus-ingress:5.0.0')?.controller).toBe(
      'f5-nginx',
    );
    expect(knownControllerImage('traefik/whoami:v1.10')).toBeUndefined();
    expect(knownControllerImage('docker.io/bitnami/nginx:1.29.1-debian-12-r0')).toBeUndefined();
    expect(knownControllerImage('public.ecr.aws/docker/library/haproxy:3.0.8-alpine')).toBeUndefined();
    expect(knownControllerImage('registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9')).toBeUndefined();
  });
});
