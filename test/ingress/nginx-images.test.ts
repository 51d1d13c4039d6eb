import { describe, expect, it } from 'vitest';
import { knownControllerImage } from '../../src/ingress/controller-images.js';
import { ingressNginxImageOf } from '../../src/ingress/nginx-images.js';

const CONTROLLER_IMAGE_VARIANTS: readonly (readonly [string, string])[] = [
  ['registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abc', 'controller'],
  ['registry.k8s.io/ingress-nginx/controller@sha256:abc', 'controller'],
  ['registry.k8s.io/ingress-nginx/controller-chroot:v1.10.1', 'chroot'],
  ['k8s.gcr.io/ingress-nginx/controller:v1.1.1', 'controller'],
  ['us.gcr.io/k8s-artifacts-prod/ingress-nginx/controller:v0.34.1', 'controller'],
  ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.26.1', 'legacy'],
  ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller-arm64:0.24.1', 'legacy'],
  ['gcr.io/google_containers/nginx-ingress-controller:0.9.0-beta.15', 'legacy'],
  ['harbor.example.com/mirror/ingress-nginx/controller:v1.12.1', 'controller'],
];

const CONTROLLER_IMAGE_SAMPLES = CONTROLLER_IMAGE_VARIANTS.map(([image]) => image);

const NOT_CONTROLLER_SAMPLES: readonly string[] = [
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9',
  'registry.k8s.io/ingress-nginx/custom-error-pages:v1.2.9',
  'registry.k8s.io/ingress-nginx/e2e-test-echo:v1.2.9',
  'nginx/nginx-ingress:5.6.0',
  'private-registry.nginx.com/nginx-ic/nginx-plus-ingress:5.6.0',
  'nginx:1.27',
  'rancher/nginx-ingress-controller:nginx-1.12.1-rancher1',
];

describe('images', () => {
  it('recognises the controller images of every registry the project used, and mirrors of them', () => {
    const images = CONTROLLER_IMAGE_VARIANTS;
    for (const [image, variant] of images) expect(ingressNginxImageOf(image)?.variant, image).toBe(variant);
  });

  it('agrees with the controller detection of the availability rules on which images are ingress-nginx', () => {
    const images = [
      ...CONTROLLER_IMAGE_SAMPLES,
      ...['amd64', 'arm64', 'arm', 'ppc64le', 's390x'].map(
        (arch) => `quay.io/kubernetes-ingress-controller/nginx-ingress-controller-${arch}:0.20.0`,
      ),
      'gcr.io/google_containers/nginx-ingress-controller-amd64:0.9.0',
      ...NOT_CONTROLLER_SAMPLES,
    ];
    for (const image of images) {
      expect(knownControllerImage(image)?.controller === 'ingress-nginx', image).toBe(
        ingressNginxImageOf(image) !== undefined,
      );
    }
  });

  it('does not take the chart helpers, the F5 NGINX controller or plain nginx for the controller', () => {
    for (const image of NOT_CONTROLLER_SAMPLES) {
      expect(ingressNginxImageOf(image), image).toBeUndefined();
    }
  });
});
