/**
 * Adversarial objects at the limits the API server allows (issue 11), shared by test/adversarial/*.test.ts (which
 * assert what the rules find on them) and bench/rule-cost.mjs (which times every rule at size n and 2n). Each builder
 * returns fresh objects on every call: rules memoize per object, so a timing run must not see another run's entries.
 *
 * The limits: a request body of 3 MiB (etcd stores about 1.5 MiB per object), 256 KiB for all annotations of an
 * object together, 63-character label values, no limit on the number of containers, ports, paths or selector terms
 * other than the body size. At 2n every scenario is at or near one of these limits.
 */

type Obj = { apiVersion: string; kind: string; metadata?: Record<string, unknown>; [key: string]: unknown };

export interface Scenario {
  readonly name: string;
  /** The rule families the scenario is aimed at (the bench times every rule of these families). */
  readonly families: readonly string[];
  /** The base size; the bench also runs 2n. */
  readonly n: number;
  /**
   * The index's objects and, among them, the ones checked. `run` varies the text of values that helpers memoize by
   * content (quantities), so that each timing run parses them again.
   */
  build(n: number, run?: number): { objects: Obj[]; subjects: Obj[] };
}

export const NS = 'adv';
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export function container(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `c-${i}`,
    image: `registry.example.com/team/app-${i}:1.${i}`,
    ports: [{ containerPort: 8000 + (i % 1000), name: `p${i % 1000}` }],
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 8000 + (i % 1000) }, periodSeconds: 10 },
    ...extra,
  };
}

export function deployment(
  name: string,
  podSpec: Record<string, unknown>,
  options: { labels?: Record<string, string>; replicas?: number; annotations?: Record<string, string> } = {},
): Obj {
  const labels = options.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec },
    },
  };
}

export function ingress(
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown> = defaultIngressSpec(name),
): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: NS, annotations },
    spec: { ingressClassName: 'nginx', ...spec },
  };
}

function defaultIngressSpec(name: string): Record<string, unknown> {
  return { rules: [{ host: `${name}.example.com`, http: { paths: [ingressPath('/', 'Prefix')] } }] };
}

export function ingressPath(path: string, pathType: string): Record<string, unknown> {
  return { path, pathType, backend: { service: { name: 'web', port: { number: 80 } } } };
}

export function pdb(name: string, selector: Record<string, unknown>, budget: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: NS },
    spec: { maxUnavailable: 1, ...budget, selector },
  };
}

export function hpa(name: string, target: string, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: NS },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
      ...spec,
    },
  };
}

export function vpa(name: string, target: string, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name, namespace: NS },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      updatePolicy: { updateMode: 'Recreate' },
      ...spec,
    },
  };
}

const CONTROLLER_IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.9.4';

/** An ingress-nginx controller Deployment with the chart's labels, `args` and extra containers. */
export function nginxController(name: string, args: string[], extraContainers: Record<string, unknown>[] = []): Obj {
  const labels = {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': 'controller',
  };
  return deployment(
    name,
    {
      containers: [
        {
          name: 'controller',
          image: CONTROLLER_IMAGE,
          args: ['/nginx-ingress-controller', `--configmap=$(POD_NAMESPACE)/${name}`, ...args],
          ports: [
            { name: 'http', containerPort: 80 },
            { name: 'webhook', containerPort: 8443 },
          ],
        },
        ...extraContainers,
      ],
    },
    { labels },
  );
}

const single = (o: Obj, others: Obj[] = []): { objects: Obj[]; subjects: Obj[] } => ({
  objects: [o, ...others],
  subjects: [o],
});

export const SCENARIOS: readonly Scenario[] = [
  // ---- one workload at the body limit --------------------------------------------------------------------------
  {
    name: 'containers: one Deployment with n containers',
    families: ['resources', 'availability', 'autoscaling', 'ingress-nginx'],
    n: 6000,
    build: (n) => single(deployment('many-containers', { containers: range(n).map((i) => container(i)) })),
  },
  {
    name: 'initContainers: n init containers (every other one a sidecar) and one container',
    families: ['resources', 'availability'],
    n: 6000,
    build: (n) =>
      single(
        deployment('many-init', {
          initContainers: range(n).map((i) => container(i, i % 2 === 0 ? { restartPolicy: 'Always' } : {})),
          containers: [container(n)],
        }),
      ),
  },
  {
    name: 'env and ports: one container with n env vars and n ports',
    families: ['resources', 'availability', 'ingress-nginx'],
    n: 20000,
    build: (n) =>
      single(
        deployment('many-env', {
          containers: [
            container(0, {
              env: range(n).map((i) => ({ name: `VAR_${i}`, value: `value-${i}` })),
              ports: range(n).map((i) => ({ name: `p-${i}`, containerPort: 1 + (i % 65535) })),
            }),
          ],
        }),
      ),
  },
  {
    name: 'resource keys: one container with n extended resources requested and limited',
    families: ['resources', 'availability', 'autoscaling'],
    n: 20000,
    build: (n) => {
      const list = Object.fromEntries(range(n).map((i) => [`example.com/device-${i}`, `${i + 1}`]));
      return single(
        deployment('many-resources', {
          containers: [
            { name: 'app', image: 'app:1', resources: { requests: { cpu: '1', ...list }, limits: { ...list } } },
          ],
        }),
      );
    },
  },
  {
    name: 'long quantities: cpu and memory values of n digits',
    families: ['resources', 'availability', 'autoscaling'],
    n: 700_000,
    build: (n, run = 0) =>
      single(
        deployment('long-quantity', {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              resources: {
                requests: { cpu: `${run + 1}${'0'.repeat(n)}m`, memory: `0.${'0'.repeat(n)}${run + 1}Gi` },
                limits: { cpu: `${'9'.repeat(n)}${run}`, memory: `1e${'1'.repeat(Math.min(n, 100))}${run}` },
              },
            },
          ],
        }),
      ),
  },
  {
    name: 'long image: an image reference of n path segments',
    families: ['ingress-nginx', 'availability'],
    n: 400_000,
    build: (n) =>
      single(
        deployment('long-image', {
          containers: [
            { name: 'app', image: `${'a/'.repeat(n)}ingress-nginx/controller:v1.9.4` },
            { name: 'proxy', image: `${'envoyproxy/'.repeat(n / 4)}envoy:v1` },
          ],
        }),
      ),
  },
  {
    name: 'controller args: an ingress-nginx controller with n flags',
    families: ['ingress-nginx', 'availability'],
    n: 20000,
    build: (n) =>
      single(
        nginxController(
          'ctrl',
          range(n).map((i) => (i % 2 === 0 ? `--ingress-class=nginx-${i}` : `--validating-webhook=:${8000 + i}`)),
        ),
      ),
  },
  {
    name: 'labels: a workload with n template labels and n annotations',
    families: ['resources', 'availability', 'ingress-nginx', 'autoscaling'],
    n: 3000,
    build: (n) => {
      const labels = Object.fromEntries(range(n).map((i) => [`example.com/label-${i}`, `value-${i}`]));
      const annotations = Object.fromEntries(range(n).map((i) => [`example.com/note-${i}`, `v${i}`]));
      return single(deployment('many-labels', { containers: [container(0)] }, { labels, annotations }));
    },
  },
  // ---- one Ingress at the annotation or body limit -------------------------------------------------------------
  {
    name: 'unknown annotations: n unknown nginx.ingress.kubernetes.io/* keys and a snippet',
    families: ['ingress-annotations', 'ingress-nginx'],
    n: 3000,
    build: (n) =>
      single(
        ingress('junk', {
          'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";',
          ...Object.fromEntries(range(n).map((i) => [`nginx.ingress.kubernetes.io/zz-${i}`, 'v'])),
        }),
      ),
  },
  {
    name: 'other-controller annotations: n traefik/haproxy keys next to nginx ones',
    families: ['ingress-annotations', 'ingress-nginx'],
    n: 3000,
    build: (n) =>
      single(
        ingress('mixed', {
          'nginx.ingress.kubernetes.io/proxy-read-timeout': '30',
          ...Object.fromEntries(
            range(n).map((i) => [
              i % 2 === 0 ? `traefik.ingress.kubernetes.io/router-${i}` : `haproxy.org/setting-${i}`,
              'v',
            ]),
          ),
        }),
      ),
  },
  {
    name: 'snippet: one server-snippet of n bytes of nginx configuration',
    families: ['ingress-annotations'],
    n: 128 * 1024,
    build: (n) => {
      const line = 'location /x { proxy_pass http://backend; add_header "X-A" "b;c"; } # note\n';
      return single(
        ingress('snippet', {
          'nginx.ingress.kubernetes.io/server-snippet': line.repeat(Math.ceil(n / line.length)).slice(0, n),
        }),
      );
    },
  },
  {
    name: 'snippet soup: a snippet of n bytes of unterminated quotes and ${ ',
    families: ['ingress-annotations'],
    n: 128 * 1024,
    build: (n) =>
      single(
        ingress('soup', {
          'nginx.ingress.kubernetes.io/configuration-snippet': '${'.repeat(n / 4) + '"\''.repeat(n / 4),
          'nginx.ingress.kubernetes.io/server-snippet': `"${'\\"'.repeat(n / 4)}`,
        }),
      ),
  },
  {
    name: 'annotation values: list-valued annotations of n items each',
    families: ['ingress-annotations'],
    n: 8000,
    build: (n) =>
      single(
        ingress('lists', {
          'nginx.ingress.kubernetes.io/whitelist-source-range': range(n)
            .map((i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`)
            .join(','),
          'nginx.ingress.kubernetes.io/custom-http-errors': range(n)
            .map((i) => String(400 + (i % 200)))
            .join(','),
          'nginx.ingress.kubernetes.io/cors-allow-origin': range(n)
            .map((i) => `https://s${i}.example.com`)
            .join(', '),
          'nginx.ingress.kubernetes.io/proxy-body-size': '9'.repeat(n),
          'nginx.ingress.kubernetes.io/proxy-read-timeout': `${'1'.repeat(n)}.5s`,
          'nginx.ingress.kubernetes.io/auth-url': `https://${'a'.repeat(n)}`,
        }),
      ),
  },
  {
    name: 'paths: one Ingress with n regex paths under use-regex and a rewrite-target',
    families: ['ingress-annotations', 'ingress-nginx'],
    n: 8000,
    build: (n) =>
      single(
        ingress(
          'paths',
          {
            'nginx.ingress.kubernetes.io/use-regex': 'true',
            'nginx.ingress.kubernetes.io/rewrite-target': '/$1/$2/$3',
          },
          {
            rules: [
              {
                host: 'paths.example.com',
                http: {
                  paths: range(n).map((i) =>
                    ingressPath(
                      `/api/v${i}/(users|orders)/([0-9]+)(/.*)?`,
                      i % 2 ? 'Prefix' : 'ImplementationSpecific',
                    ),
                  ),
                },
              },
            ],
          },
        ),
      ),
  },
  {
    name: 'hosts: one Ingress with n rules on n hosts and n TLS entries',
    families: ['ingress-annotations', 'ingress-nginx'],
    n: 6000,
    build: (n) =>
      single(
        ingress(
          'hosts',
          { 'nginx.ingress.kubernetes.io/use-regex': 'true' },
          {
            tls: range(n).map((i) => ({ hosts: [`h${i}.example.com`], secretName: `tls-${i}` })),
            rules: range(n).map((i) => ({
              host: i % 3 === 0 ? `*.w${i}.example.com` : `h${i}.example.com`,
              http: { paths: [ingressPath(`/p${i}(/|$)(.*)`, 'ImplementationSpecific')] },
            })),
          },
        ),
      ),
  },
  {
    name: 'long path: one path of n regex metacharacters',
    families: ['ingress-annotations'],
    n: 400_000,
    build: (n) =>
      single(
        ingress(
          'long-path',
          { 'nginx.ingress.kubernetes.io/rewrite-target': `/${'$1'.repeat(n / 8)}` },
          {
            rules: [
              {
                host: `${'a.'.repeat(n / 8)}example.com`,
                http: {
                  paths: [
                    ingressPath(`/${'(a+)+'.repeat(n / 8)}[${'\\'.repeat(n / 8)}`, 'Prefix'),
                    ingressPath(`/${'((?<n>'.repeat(n / 16)}${')'.repeat(n / 16)}`, 'ImplementationSpecific'),
                  ],
                },
              },
            ],
          },
        ),
      ),
  },
  // ---- many objects: the cross-object rules --------------------------------------------------------------------
  {
    name: 'one host: n Ingresses on one host, one of them in regex mode, all with one annotation block',
    families: ['ingress-annotations', 'ingress-nginx'],
    n: 5000,
    build: (n) => {
      const block = {
        'nginx.ingress.kubernetes.io/enable-cors': 'true',
        'nginx.ingress.kubernetes.io/cors-allow-origin': 'https://shop.example.com',
        'nginx.ingress.kubernetes.io/limit-rps': '50',
        'nginx.ingress.kubernetes.io/proxy-read-timeout': '30',
        'nginx.ingress.kubernetes.io/proxy-send-timeout': '30',
      };
      const objects = range(n).map((i) =>
        ingress(
          i === 0 ? 'regex' : `ing-${i}`,
          i === 0 ? { ...block, 'nginx.ingress.kubernetes.io/use-regex': 'true' } : block,
          {
            rules: [{ host: 'shop.example.com', http: { paths: [ingressPath(`/svc-${i}`, 'Prefix')] } }],
          },
        ),
      );
      return { objects, subjects: objects };
    },
  },
  {
    name: 'default class: n Ingresses without a class and n IngressClasses marked default',
    families: ['ingress-annotations', 'ingress-nginx'],
    n: 1000,
    build: (n) => {
      const classes: Obj[] = range(n).map((i) => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: {
          name: `class-${i}`,
          annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
          creationTimestamp: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
        },
        spec: { controller: 'k8s.io/ingress-nginx' },
      }));
      const ingresses = range(n).map((i) => {
        const o = ingress(`noclass-${i}`, { 'nginx.ingress.kubernetes.io/proxy-body-size': '1m' });
        delete (o.spec as Record<string, unknown>).ingressClassName;
        return o;
      });
      return { objects: [...classes, ...ingresses], subjects: ingresses };
    },
  },
  {
    name: 'controllers: n ingress-nginx controllers, admission Services, webhook configurations and ConfigMaps',
    families: ['ingress-nginx'],
    n: 1000,
    build: (n) => {
      const objects: Obj[] = [];
      for (const i of range(n)) {
        const name = `ctrl-${i}`;
        objects.push(nginxController(name, ['--enable-ssl-passthrough']));
        objects.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `${name}-admission`, namespace: NS },
          spec: {
            type: 'LoadBalancer',
            selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
            ports: [{ name: 'https-webhook', port: 443, targetPort: 'webhook' }],
          },
        });
        objects.push({
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name },
          webhooks: [
            {
              name: 'validate.nginx.ingress.kubernetes.io',
              clientConfig: { service: { namespace: NS, name: `${name}-admission`, path: '/networking/v1/ingresses' } },
            },
          ],
        });
        objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: NS },
          data: { 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' },
        });
      }
      return { objects, subjects: objects };
    },
  },
  {
    name: 'exposed ports: n controllers with the webhook on, n LoadBalancer Services selecting all of them',
    families: ['ingress-nginx'],
    n: 1000,
    build: (n) => {
      const objects: Obj[] = [];
      for (const i of range(n)) {
        objects.push(nginxController(`ctrl-${i}`, ['--validating-webhook=:8443']));
        objects.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: `public-${i}`, namespace: NS },
          spec: {
            type: 'LoadBalancer',
            selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
            ports: [
              { name: 'https', port: 443, targetPort: 'https' },
              { name: 'webhook', port: 8443, targetPort: i % 2 ? 'webhook' : 8443 },
            ],
          },
        });
      }
      return { objects, subjects: objects };
    },
  },
  {
    name: 'configmap: an ingress-nginx ConfigMap with n keys and a long http-snippet',
    families: ['ingress-nginx'],
    n: 10000,
    build: (n) => {
      const cm: Obj = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ctrl', namespace: NS },
        data: {
          'allow-snippet-annotations': 'true',
          'http-snippet': 'server { listen 81; }\n'.repeat(n),
          ...Object.fromEntries(range(n).map((i) => [`key-${i}`, `value-${i}`])),
        },
      };
      return single(cm, [nginxController('ctrl', [])]);
    },
  },
  {
    name: 'service ports: a Service with n ports selecting an ingress-nginx controller',
    families: ['ingress-nginx'],
    n: 10000,
    build: (n) => {
      const svc: Obj = {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'ctrl-admission', namespace: NS },
        spec: {
          type: 'NodePort',
          selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
          ports: range(n).map((i) => ({ name: `p-${i}`, port: 1 + (i % 65535), targetPort: i % 2 ? 'webhook' : 8443 })),
        },
      };
      return single(svc, [nginxController('ctrl', [])]);
    },
  },
  {
    name: 'autoscalers: n HPAs and n VPAs on one Deployment',
    families: ['autoscaling', 'availability'],
    n: 2500,
    build: (n) => {
      const target = deployment('web', { containers: [container(0)] });
      const autoscalers = range(n).flatMap((i) => [
        hpa(`hpa-${i}`, 'web'),
        vpa(`vpa-${i}`, 'web', {
          resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
        }),
      ]);
      return { objects: [target, ...autoscalers], subjects: [target, ...autoscalers] };
    },
  },
  {
    name: 'autoscaler targets: n HPAs on n Deployments',
    families: ['autoscaling', 'availability'],
    n: 5000,
    build: (n) => {
      const objects = range(n).flatMap((i) => [
        deployment(`web-${i}`, { containers: [container(i)] }),
        hpa(`hpa-${i}`, `web-${i}`),
      ]);
      return { objects, subjects: objects };
    },
  },
  {
    name: 'hpa metrics: one HPA with n metrics on a Deployment of n containers',
    families: ['autoscaling'],
    n: 4000,
    build: (n) => {
      const target = deployment('web', { containers: range(n).map((i) => container(i)) });
      const h = hpa('hpa', 'web', {
        metrics: range(n).map((i) => ({
          type: 'ContainerResource',
          containerResource: {
            name: i % 2 ? 'cpu' : 'memory',
            container: `c-${i}`,
            target: { type: 'Utilization', averageUtilization: 60 },
          },
        })),
      });
      const v = vpa('vpa', 'web', {
        resourcePolicy: {
          containerPolicies: range(n).map((i) => ({ containerName: `c-${i}`, controlledResources: ['memory'] })),
        },
      });
      return { objects: [target, h, v], subjects: [h, v] };
    },
  },
  {
    name: 'selector terms: one PDB with n matchExpressions of n values over n workloads',
    families: ['availability'],
    n: 300,
    build: (n) => {
      const values = range(n).map((i) => `web-${i}`);
      const workloads = range(n).map((i) =>
        deployment(`web-${i}`, { containers: [container(i)] }, { labels: { app: `web-${i}`, tier: 'front' } }),
      );
      const budget = pdb('wide', {
        matchExpressions: [
          ...range(n).map(() => ({ key: 'app', operator: 'In', values })),
          { key: 'tier', operator: 'Exists' },
        ],
      });
      return { objects: [...workloads, budget], subjects: [budget, ...workloads] };
    },
  },
  {
    name: 'one In of n values: one PDB selecting n workloads by a long In list',
    families: ['availability'],
    n: 5000,
    build: (n) => {
      const workloads = range(n).map((i) => deployment(`web-${i}`, { containers: [container(i)] }));
      const budget = pdb('wide', {
        matchExpressions: [{ key: 'app', operator: 'In', values: range(n).map((i) => `web-${i}`) }],
      });
      return { objects: [...workloads, budget], subjects: [budget, ...workloads] };
    },
  },
  {
    name: 'budgets: n PDBs and n Deployments in one namespace, one selector each',
    families: ['availability'],
    n: 5000,
    build: (n) => {
      const objects = range(n).flatMap((i) => [
        deployment(`web-${i}`, { containers: [container(i)] }),
        pdb(`pdb-${i}`, { matchLabels: { app: `web-${i}` } }),
      ]);
      return { objects, subjects: objects };
    },
  },
  {
    name: 'expression budgets: n PDBs selecting by matchExpressions, n Deployments in one namespace',
    families: ['availability'],
    n: 2500,
    build: (n) => {
      const objects = range(n).flatMap((i) => [
        deployment(`web-${i}`, { containers: [container(i)] }),
        pdb(`pdb-${i}`, {
          matchExpressions: [
            { key: 'app', operator: 'In', values: [`web-${i}`, `old-${i}`] },
            { key: 'canary', operator: 'DoesNotExist' },
          ],
        }),
      ]);
      return { objects, subjects: objects };
    },
  },
  {
    name: 'same selector: n PDBs with the same selector over one Deployment',
    families: ['availability'],
    n: 1000,
    build: (n) => {
      const target = deployment('web', { containers: [container(0)] });
      const budgets = range(n).map((i) => pdb(`pdb-${i}`, { matchLabels: { app: 'web' } }));
      return { objects: [target, ...budgets], subjects: [target, ...budgets] };
    },
  },
];
