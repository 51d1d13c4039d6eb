import { controllerReadinessProbeSignalsStart } from '../../../src/rules/availability/controller-readiness-probe-signals-start.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const ingressNginxChartProbes = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-ingress-nginx
  namespace: ingress-nginx
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          livenessProbe:
            httpGet: {path: /healthz, port: 10254, scheme: HTTP}
            initialDelaySeconds: 10
            failureThreshold: 5
          readinessProbe:
            httpGet: {path: /healthz, port: 10254, scheme: HTTP}
            initialDelaySeconds: 10
            failureThreshold: 3
`;

/** ingress-nginx with readiness and liveness both /healthz on 10254, identical once the API defaults are filled in. */
const ingressNginxIdentical = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-ingress-nginx
  namespace: ingress-nginx
spec:
  replicas: 2
  minReadySeconds: 5
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          livenessProbe:
            httpGet: {path: /healthz, port: 10254}
            initialDelaySeconds: 10
          readinessProbe:
            httpGet: {path: /healthz, port: 10254, scheme: HTTP}
            initialDelaySeconds: 10
            failureThreshold: 3
`;

const contourXds = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-contour
  namespace: projectcontour
spec:
  replicas: 2
  selector:
    matchLabels: {app: contour}
  template:
    metadata:
      labels: {app: contour}
    spec:
      containers:
        - name: contour
          image: ghcr.io/projectcontour/contour:v1.33.0
          args: [serve, --incluster, --xds-port=8001]
          livenessProbe:
            httpGet: {path: /healthz, port: 8000}
          readinessProbe:
            tcpSocket: {port: 8001}
            initialDelaySeconds: 15
`;

const gatedByOtherContainer = `apiVersion: apps/v1
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
          readinessProbe:
            tcpSocket: {port: 8000}
`;

const appWithTcp = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-redis
  namespace: data
spec:
  selector:
    matchLabels: {app: redis}
  template:
    metadata:
      labels: {app: redis}
    spec:
      containers:
        - name: redis
          image: docker.io/library/redis:8.2
          readinessProbe:
            tcpSocket: {port: 6379}
`;

const traefikTcp = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-traefik
  namespace: traefik
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: traefik}
  template:
    metadata:
      labels: {app.kubernetes.io/name: traefik}
    spec:
      containers:
        - name: traefik
          image: docker.io/traefik:v3.3.4
          readinessProbe:
            tcpSocket:
              port: 8000
`;

const identicalAfterDefaults = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-f5-nginx
  namespace: nginx-ingress
spec:
  replicas: 2
  minReadySeconds: 15
  selector:
    matchLabels: {app: nginx-ingress}
  template:
    metadata:
      labels: {app: nginx-ingress}
    spec:
      containers:
        - name: nginx-ingress
          image: nginx/nginx-ingress:5.1.0
          livenessProbe:
            httpGet: {port: 8080}
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /, port: 8080, scheme: HTTP}
            timeoutSeconds: 1
`;

const envoyTcp = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fire-envoy
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
            tcpSocket: {port: 8080}
`;

ruleTester.run(controllerReadinessProbeSignalsStart, {
  valid: [
    {
      name: "accepts the ingress-nginx chart's probes: same endpoint, but readiness fails sooner than liveness",
      yaml: ingressNginxChartProbes,
    },
    {
      name: "accepts Contour's TCP readiness on the xDS port, which Contour opens only after its caches synced",
      yaml: contourXds,
    },
    {
      name: "accepts a TCP check on one container when another container's probe gates the pod",
      yaml: gatedByOtherContainer,
    },
    { name: 'accepts a TCP readiness check on a workload that is not a controller', yaml: appWithTcp },
    {
      name: 'accepts identical /healthz probes on ingress-nginx when a startupProbe holds liveness back',
      yaml: ingressNginxIdentical.replace(
        '          livenessProbe:',
        '          startupProbe:\n            httpGet: {path: /healthz, port: 10254}\n            failureThreshold: 60\n          livenessProbe:',
      ),
    },
  ],
  invalid: [
    {
      name: 'reports identical /healthz probes on ingress-nginx as a liveness risk for a slow first sync, at livenessProbe',
      yaml: ingressNginxIdentical,
      findings: [
        {
          messageId: 'livenessRestartsFirstSync',
          message:
            /^The ingress-nginx controller .*: the liveness probe of container controller is identical to its readiness probe on httpGet \/healthz on port 10254, which fails until the first sync has loaded the configuration; a first sync longer than 40 seconds \(hundreds of Ingresses\) gets the controller restarted before it is ever Ready, on every try; add a startupProbe .*, or give liveness a larger failureThreshold than readiness\.$/,
          line: 18,
          severity: 'warning',
          path: 'spec.template.spec.containers[0].livenessProbe',
        },
      ],
    },
    {
      name: "reports identical /nginx-ready probes on F5's controller, at its named readiness port, the same way",
      yaml: identicalAfterDefaults
        .replace('httpGet: {port: 8080}', 'httpGet: {path: /nginx-ready, port: readiness-port}')
        .replace('httpGet: {path: /, port: 8080, scheme: HTTP}', 'httpGet: {path: /nginx-ready, port: readiness-port}'),
      findings: [
        {
          messageId: 'livenessRestartsFirstSync',
          message:
            /container nginx-ingress is identical to its readiness probe on httpGet \/nginx-ready, .* longer than 30 seconds/,
          line: 18,
        },
      ],
    },
    {
      name: 'reports identical ingress-nginx probes on another endpoint as not reconciliation-aware, pointing at /healthz',
      yaml: ingressNginxIdentical.replaceAll('path: /healthz, port: 10254', 'path: /, port: 80'),
      findings: [
        {
          messageId: 'readinessSameAsLiveness',
          message:
            /container controller is identical to its liveness probe, .*; point it at httpGet \/healthz on port 10254\.$/,
          line: 21,
        },
      ],
    },
    {
      name: 'reports a bare TCP readiness check on Traefik, at the tcpSocket field',
      yaml: traefikTcp,
      findings: [
        {
          messageId: 'tcpReadinessProbeNoRoutesEndpoint',
          message:
            'The Traefik proxy (image docker.io/traefik:v3.3.4): the readiness probe of container traefik is a bare TCP check on port 8000, which passes as soon as the process listens; probe httpGet /ping on the ping entry point, which also fails while the pod shuts down, and set minReadySeconds: Traefik has no endpoint that waits for its routes (/ping answers once the process runs), so minReadySeconds is what gives a new pod time to load them.',
          line: 18,
          severity: 'warning',
          path: 'spec.template.spec.containers[0].readinessProbe.tcpSocket',
        },
      ],
    },
    {
      name: 'reports identical /ping probes on Traefik without pointing at /ping again: readiness needs its own threshold',
      yaml: traefikTcp.replace(
        '          readinessProbe:\n            tcpSocket:\n              port: 8000\n',
        '          readinessProbe:\n            httpGet: {path: /ping, port: 9000}\n          livenessProbe:\n            httpGet: {path: /ping, port: 9000}\n',
      ),
      findings: [
        {
          messageId: 'readinessSameAsLivenessNoRoutesEndpoint',
          message:
            'The Traefik proxy (image docker.io/traefik:v3.3.4): the readiness probe of container traefik is identical to its liveness probe, so readiness cannot fail without liveness restarting the pod; give readiness a lower failureThreshold than liveness, and set minReadySeconds: Traefik has no endpoint that waits for its routes (/ping answers once the process runs), so minReadySeconds is what gives a new pod time to load them.',
          line: 17,
          path: 'spec.template.spec.containers[0].readinessProbe',
        },
      ],
    },
    {
      name: 'reports a readiness probe identical to liveness once the API defaults are filled in',
      yaml: identicalAfterDefaults,
      findings: [
        {
          messageId: 'readinessSameAsLiveness',
          message:
            /^The F5 NGINX Ingress Controller .*: the readiness probe of container nginx-ingress is identical to its liveness probe, .*; point it at httpGet \/nginx-ready on the readiness port \(8081 by default\)\.$/,
          line: 22,
          path: 'spec.template.spec.containers[0].readinessProbe',
        },
      ],
    },
    {
      name: "reports Envoy's TCP readiness in Contour's DaemonSet with Envoy's own readiness endpoint",
      yaml: envoyTcp,
      findings: [
        {
          messageId: 'tcpReadinessProbe',
          message:
            /container envoy is a bare TCP check on port 8080, .*point it at httpGet \/ready on the Envoy health listener/,
          line: 20,
        },
      ],
    },
    {
      name: 'reports every container when no container has a reconciliation-aware probe',
      yaml: gatedByOtherContainer.replace('httpGet: {path: /readyz, port: 10254}', 'tcpSocket: {port: 10254}'),
      findings: [
        {
          messageId: 'tcpReadinessProbe',
          message: /container ingress-controller is a bare TCP check on port 10254/,
          line: 18,
        },
        { messageId: 'tcpReadinessProbe', message: /container proxy is a bare TCP check on port 8000/, line: 22 },
      ],
    },
  ],
});
