import { controllerMissingReadinessProbe } from '../../../src/rules/availability/controller-missing-readiness-probe.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const kongWithGatedReadiness = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-kong
  namespace: kong
spec:
  replicas: 2
  selector:
    matchLabels: {app.kubernetes.io/name: kong}
  template:
    metadata:
      labels: {app.kubernetes.io/name: kong}
    spec:
      containers:
        - name: ingress-controller
          image: kong/kubernetes-ingress-controller:3.4
          readinessProbe:
            httpGet: {path: /readyz, port: 10254}
        - name: proxy
          image: kong/kong-gateway:3.9
`;

const appWithoutProbe = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-web
  namespace: shop
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: nginx}
  template:
    metadata:
      labels: {app.kubernetes.io/name: nginx}
    spec:
      containers:
        - name: nginx
          image: docker.io/bitnami/nginx:1.29.1-debian-12-r0
`;

const optedOut = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-lab-controller
  namespace: lab
  annotations:
    kubeward.io/critical: "false"
spec:
  selector:
    matchLabels: {app: lab}
  template:
    metadata:
      labels: {app: lab}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
`;

const contourEnvoy = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: dont-fire-envoy
  namespace: projectcontour
spec:
  selector:
    matchLabels: {app: envoy}
  template:
    metadata:
      labels: {app: envoy}
    spec:
      containers:
        - name: shutdown-manager
          image: ghcr.io/projectcontour/contour:v1.33.0
          args: [envoy, shutdown-manager]
        - name: envoy
          image: docker.io/envoyproxy/envoy:distroless-v1.35.8
          readinessProbe:
            httpGet: {path: /ready, port: 8002}
`;

const ingressNginxLivenessOnly = `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-ingress-nginx
  namespace: ingress-nginx
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          livenessProbe:
            httpGet: {path: /healthz, port: 10254}
`;

const markedCritical = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fire-edge-proxy
  namespace: edge
  annotations:
    kubeward.io/critical: "true"
spec:
  replicas: 3
  serviceName: edge
  selector:
    matchLabels: {app: edge}
  template:
    metadata:
      labels: {app: edge}
    spec:
      containers:
        - name: proxy
          image: registry.example.com/edge/proxy:4.2.0
`;

const traefikDaemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fire-traefik
  namespace: kube-system
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: traefik}
  template:
    metadata:
      labels: {app.kubernetes.io/name: traefik}
    spec:
      initContainers:
        - name: wait
          image: busybox:1.36
          command: [sh, -c, "true"]
      containers:
        - name: traefik
          image: rancher/mirrored-library-traefik:2.11.10
`;

ruleTester.run(controllerMissingReadinessProbe, {
  valid: [
    {
      name: 'accepts a controller pod whose readiness is gated by the probe of one of its containers',
      yaml: kongWithGatedReadiness,
    },
    {
      name: 'accepts a web server without a readiness probe, which is not an ingress controller',
      yaml: appWithoutProbe,
    },
    { name: 'accepts a controller opted out with kubeward.io/critical: "false"', yaml: optedOut },
    { name: "accepts Contour's Envoy DaemonSet, whose envoy container has the readiness probe", yaml: contourEnvoy },
    {
      name: 'accepts a workload whose image matches no option glob',
      yaml: markedCritical.replace('    kubeward.io/critical: "true"\n', '    team: edge\n'),
      options: { controllers: { images: ['registry.example.com/other/*'] } },
    },
  ],
  invalid: [
    {
      name: 'reports an ingress-nginx controller with only a liveness probe, at its container',
      yaml: ingressNginxLivenessOnly,
      findings: [
        {
          messageId: 'missingReadinessProbe',
          message:
            /^The ingress-nginx controller \(image registry\.k8s\.io\/ingress-nginx\/controller:v1\.15\.1\) has no readiness probe: .*probe httpGet \/healthz on port 10254\.$/,
          line: 20,
          severity: 'error',
          path: 'spec.template.spec.containers[0]',
        },
      ],
    },
    {
      name: 'reports a StatefulSet marked kubeward.io/critical: "true" without a readiness probe',
      yaml: markedCritical,
      findings: [
        {
          messageId: 'missingReadinessProbe',
          message: /^The critical workload \(annotation kubeward\.io\/critical: "true"\) has no readiness probe/,
          line: 18,
        },
      ],
    },
    {
      name: 'reports a workload detected by the controllers.images option',
      yaml: markedCritical.replace('    kubeward.io/critical: "true"\n', '    team: edge\n'),
      options: { controllers: { images: ['registry.example.com/edge/*'] } },
      findings: [
        {
          messageId: 'missingReadinessProbe',
          message:
            /^The critical workload \(image registry\.example\.com\/edge\/proxy:4\.2\.0, matching option controllers\.images registry\.example\.com\/edge\/\*\) has no readiness probe/,
          line: 18,
        },
      ],
    },
    {
      name: 'reports a Traefik DaemonSet at its controller container, not at its init container',
      yaml: traefikDaemonSet,
      findings: [
        {
          messageId: 'missingReadinessProbe',
          // Traefik's /ping does not wait for the routes: minReadySeconds is what holds traffic back, and it says so.
          message:
            /^The Traefik proxy .* has no readiness probe: .*; probe httpGet \/ping on the ping entry point, and set minReadySeconds \(Traefik has no endpoint that waits for its routes \(\/ping answers once the process runs\), so minReadySeconds is what gives a new pod time to load them\)\.$/,
          line: 18,
          path: 'spec.template.spec.containers[0]',
        },
      ],
    },
  ],
});
