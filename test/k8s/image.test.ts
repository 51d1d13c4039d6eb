import { describe, expect, it } from 'vitest';
import { imageRepository, parseImageRef } from '../../src/k8s/image.js';

describe('parseImageRef', () => {
  it('splits registry, repository, tag and digest', () => {
    expect(parseImageRef('registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abc')).toEqual({
      registry: 'registry.k8s.io',
      repository: 'ingress-nginx/controller',
      tag: 'v1.11.2',
      digest: 'sha256:abc',
    });
    expect(parseImageRef('registry.k8s.io/ingress-nginx/controller@sha256:abc')).toEqual({
      registry: 'registry.k8s.io',
      repository: 'ingress-nginx/controller',
      digest: 'sha256:abc',
    });
    expect(parseImageRef('localhost:5000/ingress-nginx/controller:v1.9.4')).toMatchObject({
      registry: 'localhost:5000',
      tag: 'v1.9.4',
    });
  });
});

describe('imageRepository', () => {
  it.each([
    [
      'registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1',
      'ingress-nginx/controller',
    ],
    ['docker.io/library/traefik:v3.3', 'traefik'],
    ['traefik', 'traefik'],
    ['localhost:5000/traefik:v3', 'traefik'],
    ['mirror.corp:5000/dockerhub/kong/kong-gateway:3.9', 'dockerhub/kong/kong-gateway'],
    ['public.ecr.aws/docker/library/haproxy:3.0.8-alpine', 'docker/library/haproxy'],
    ['Quay.io/JcMoraisJr/HAProxy-Ingress', 'jcmoraisjr/haproxy-ingress'],
  ])('reads %s as repository %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });
});
