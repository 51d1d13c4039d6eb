/**
 * test/kind/run.sh (`npm run test:e2e:kind`) where no Docker engine runs: with the real environment's failing (or a
 * fake's) `docker info` it skips, and with fake docker, kind, helm and kubectl that record what they are asked it
 * must build, load and install one and the same image, and delete the cluster whatever fails. What the checks prove
 * against a cluster is tested in checks.test.ts.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const RUN = join(ROOT, 'test', 'kind', 'run.sh');

/**
 * One recording fake for every tool: each call is a line "<tool> <args>" in $FAKE_LOG. `kind create cluster` writes
 * the kubeconfig it is given (and fails when FAKE_KIND_CREATE_FAILS is set); kubectl answers the checks' first dry run
 * with a kubeward denial and succeeds at everything else, so the first real check fails.
 */
const FAKE = `#!/usr/bin/env bash
tool="$(basename "$0")"
echo "$tool $*" >>"$FAKE_LOG"
case "$tool $1" in
"docker info") [ -z "\${FAKE_NO_DOCKER:-}" ] || { echo "Cannot connect to the Docker daemon" >&2; exit 1; } ;;
"kind create")
  while [ $# -gt 0 ]; do
    if [ "$1" = --kubeconfig ]; then echo "apiVersion: v1" >"$2"; fi
    shift
  done
  [ -z "\${FAKE_KIND_CREATE_FAILS:-}" ] || { echo "ERROR: failed to create cluster: fake" >&2; exit 1; }
  ;;
"kubectl --request-timeout=30s")
  case "$*" in
  *"create --dry-run=server -f "*denied.yaml) echo 'Error from server (Forbidden): admission webhook "validate.kubeward.io" denied the request: [resources-missing-requests] fake' >&2; exit 1 ;;
  esac
  ;;
esac
exit 0
`;

function fakes() {
  const dir = scratchDir('kind-run');
  for (const tool of ['docker', 'kind', 'kubectl', 'helm']) {
    writeFileSync(join(dir, tool), FAKE);
    chmodSync(join(dir, tool), 0o755);
  }
  const log = join(dir, 'calls.log');
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${dir}:${process.env.PATH ?? ''}`,
    KUBECTL: join(dir, 'kubectl'),
    HELM: join(dir, 'helm'),
    FAKE_LOG: log,
    ...extra,
  });
  return { env, calls };
}

async function runSh(env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', [RUN], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const f = e as { code?: number; stdout?: string; stderr?: string };
    return { code: f.code ?? -1, stdout: f.stdout ?? '', stderr: f.stderr ?? '' };
  }
}

describe('test/kind/run.sh', () => {
  it('skips with a clear message and exit 0 when docker info fails, touching nothing else', async () => {
    const f = fakes();
    const r = await runSh(f.env({ FAKE_NO_DOCKER: '1' }));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('test/kind: skipped: no Docker engine (docker info failed)\n');
    expect(f.calls()).toEqual(['docker info']);
  });

  it('builds, loads and installs one image, runs the checks, and deletes the cluster when a check fails', async () => {
    const f = fakes();
    const r = await runSh(f.env());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ok   the API server calls kubeward');
    expect(r.stderr).toContain('FAIL a Deployment whose container has no requests (an error here) is denied');
    expect(r.stdout).toMatch(/test\/kind: FAILED \(exit 1\) after \d+ s/);

    const calls = f.calls();
    const build = calls.find((c) => c.startsWith('docker build '));
    const image = /^docker build -t (\S+) /.exec(build ?? '')?.[1] ?? '';
    expect(build).toBe(`docker build -t ${image} ${ROOT}`);
    const [repository, tag] = image.split(':');
    const create = calls.find((c) => c.startsWith('kind create cluster '));
    const cluster = /--name (\S+)/.exec(create ?? '')?.[1] ?? '';
    const kubeconfig = /--kubeconfig (\S+)/.exec(create ?? '')?.[1] ?? '';
    expect(cluster).toMatch(/^kubeward-e2e-\d+$/);
    const helm = calls.find((c) => c.startsWith('helm install '));
    expect(helm).toContain(`helm install kubeward ${ROOT}/charts/kubeward --namespace kubeward --create-namespace`);
    expect(helm).toContain(`-f ${ROOT}/test/kind/objects/values.yaml`);
    expect(helm).toContain(`--set image.repository=${repository} --set image.tag=${tag} --set image.pullPolicy=Never`);
    expect(helm).toContain('--set tls.mode=selfSigned');
    expect(helm).toMatch(/ --wait /);

    // In this order: the image exists before the cluster, is loaded before the install, and what the cluster had
    // before kubeward is applied before kubeward; the cluster and the image are removed at the end.
    const at = (prefix: string) => calls.findIndex((c) => c.startsWith(prefix));
    const order = [
      'docker info',
      'docker build ',
      'kind create cluster ',
      `kind load docker-image ${image} --name ${cluster}`,
      `kubectl apply -f ${ROOT}/test/kind/objects/before-install.yaml`,
      'kubectl wait --for=condition=Established crd/verticalpodautoscalers.autoscaling.k8s.io',
      'helm install ',
      'kubectl --request-timeout=30s --namespace kubeward-kind-e2e create --dry-run=server',
      'kubectl --request-timeout=20s -n kubeward logs ',
      `kind delete cluster --name ${cluster} --kubeconfig ${kubeconfig}`,
      `docker image rm ${image}`,
    ].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(existsSync(kubeconfig)).toBe(false);
  });

  it('deletes the cluster and installs nothing when kind cannot create it', async () => {
    const f = fakes();
    const r = await runSh(f.env({ FAKE_KIND_CREATE_FAILS: '1' }));
    expect(r.code).toBe(1);
    const calls = f.calls();
    expect(calls.some((c) => c.startsWith('kind delete cluster --name kubeward-e2e-'))).toBe(true);
    expect(calls.some((c) => c.startsWith('helm '))).toBe(false);
    expect(r.stdout).toMatch(/test\/kind: FAILED \(exit 1\)/);
  });

  it('keeps the cluster with KUBEWARD_KIND_KEEP=1 and says how to delete it', async () => {
    const f = fakes();
    const r = await runSh(f.env({ FAKE_KIND_CREATE_FAILS: '1', KUBEWARD_KIND_KEEP: '1' }));
    expect(r.code).toBe(1);
    expect(f.calls().some((c) => c.startsWith('kind delete '))).toBe(false);
    expect(r.stdout).toMatch(/kept cluster (kubeward-e2e-\d+) .*delete it with: kind delete cluster --name \1/);
  });
});
