#!/usr/bin/env bash
# What the kind end-to-end (test/kind/run.sh) proves, with kubectl against a cluster where
#   - test/kind/objects/before-install.yaml was applied before kubeward was installed (a Deployment with a finding
#     that was there before the webhook, and the VerticalPodAutoscaler API), and
#   - kubeward's chart is installed with test/kind/objects/values.yaml (enforce mode, resources-missing-requests at
#     error, ratcheting on, the cluster cache on).
# test/kind/checks.test.ts runs it against a real kube-apiserver as well, so the checks hold where kind cannot run.
#
# Needs KUBECTL (a kubectl binary; default: kubectl on PATH) and KUBECONFIG. One line per check; exit 1 at the first
# that fails, with what kubectl printed. Written for bash 3.2 too (macOS).
# Each check is `conditions && ... || fail`: fail runs when any condition does not hold, which is the point.
# shellcheck disable=SC2015
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
OBJECTS="$HERE/objects"
NS=kubeward-kind-e2e
KUBECTL="${KUBECTL:-kubectl}"
HOOK='admission webhook "validate.kubeward.io" denied the request'

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
passed=0

# kubectl in the suite's namespace; sets rc, out (stdout) and err (stderr, where kubectl prints warnings and errors).
k() {
  rc=0
  "$KUBECTL" --request-timeout=30s --namespace "$NS" "$@" >"$scratch/out" 2>"$scratch/err" || rc=$?
  out="$(cat "$scratch/out")"
  err="$(cat "$scratch/err")"
}

ok() {
  passed=$((passed + 1))
  echo "ok   $1"
}

fail() {
  {
    echo "FAIL $1"
    echo "     kubectl exited $rc; its stdout:"
    printf '%s\n' "$out" | sed 's/^/     | /'
    echo "     its stderr:"
    printf '%s\n' "$err" | sed 's/^/     | /'
  } >&2
  exit 1
}

has() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac }

# Each line of kubectl's stderr that is a warning the API server passed on.
warnings() { printf '%s\n' "$err" | grep '^Warning: ' || true; }

# Tries `kubectl "$@"` every second until it is denied with `reason` in the message, for at most `seconds`.
until_denied() {
  local seconds="$1" reason="$2"
  shift 2
  local end=$(($(date +%s) + seconds))
  while :; do
    k "$@"
    if [ "$rc" -ne 0 ] && has "$err" "$HOOK" && has "$err" "$reason"; then return 0; fi
    [ "$(date +%s)" -lt "$end" ] || return 1
    sleep 1
  done
}

# ---- the webhook answers -----------------------------------------------------------------------------------------
# The API server picks a new webhook configuration up asynchronously, and kubeward is ready only once its cache has
# listed the cluster: wait until a dry run is denied by kubeward.
until_denied 120 '[resources-missing-requests]' create --dry-run=server -f "$OBJECTS/denied.yaml" ||
  fail 'the API server calls kubeward within 120 s (a dry run of denied.yaml is denied by it)'
ok 'the API server calls kubeward'

# ---- a denial: an error finding, enforce mode ----------------------------------------------------------------------
k create -f "$OBJECTS/denied.yaml"
[ "$rc" -ne 0 ] && has "$err" "$HOOK" && has "$err" 'kubeward denied Deployment kubeward-kind-e2e/no-requests' &&
  has "$err" '[resources-missing-requests] Container app has no cpu or memory request' ||
  fail 'a Deployment whose container has no requests (an error here) is denied, with the rule id and message'
k get deployment no-requests
[ "$rc" -ne 0 ] && has "$err" 'NotFound' || fail 'the denied Deployment was not stored'
ok 'a Deployment with an error finding is denied and not stored'

# ---- a warning: a warning finding is admitted, and kubectl prints it ---------------------------------------------
k create -f "$OBJECTS/warned.yaml"
[ "$rc" -eq 0 ] && has "$(warnings)" 'Warning: resources-missing-memory-limit (warning): Container app has no memory limit' ||
  fail 'a Deployment without a memory limit (a warning) is created, and kubectl prints the warning'
k get deployment no-memory-limit
[ "$rc" -eq 0 ] || fail 'the warned Deployment was stored'
ok 'a Deployment with a warning finding is created, and kubectl prints "Warning: resources-missing-memory-limit"'

# ---- an HPA next to an Auto-mode VPA on the same target ------------------------------------------------------------
k create -f "$OBJECTS/api.yaml"
[ "$rc" -eq 0 ] && [ -z "$(warnings)" ] || fail 'Deployment api, with nothing to report, is created without warnings'
# Before the VPA exists, the HPA alone is admitted: the denial below is the VPA's doing.
k create --dry-run=server -f "$OBJECTS/hpa.yaml"
[ "$rc" -eq 0 ] || fail 'HPA api on cpu is admitted while no VPA targets Deployment api (dry run)'
k create -f "$OBJECTS/vpa-auto.yaml"
[ "$rc" -eq 0 ] && has "$(warnings)" 'Warning: vpa-deprecated-update-mode (info)' ||
  fail 'VPA api in updateMode Auto is created, with the deprecation notice as a warning'
# kubeward sees the VPA through its cluster cache (a watch), within moments; until then the HPA would be admitted,
# so try as dry runs first.
until_denied 30 '[hpa-vpa-overlap]' create --dry-run=server -f "$OBJECTS/hpa.yaml" ||
  fail 'HPA api is denied within 30 s of VPA api being created (dry run)'
k create -f "$OBJECTS/hpa.yaml"
[ "$rc" -ne 0 ] && has "$err" "$HOOK" &&
  has "$err" '[hpa-vpa-overlap] HPA api scales Deployment api on cpu utilization, while VPA api (updateMode Auto)' ||
  fail 'HPA api on cpu is denied next to the Auto-mode VPA api, naming both'
k get horizontalpodautoscaler api
[ "$rc" -ne 0 ] && has "$err" 'NotFound' || fail 'the denied HPA was not stored'
ok 'an HPA on cpu is admitted alone, and denied once an Auto-mode VPA targets the same Deployment'

# ---- ratcheting: UPDATEs of an object that had a finding before kubeward -----------------------------------------
k label deployment legacy team=payments
[ "$rc" -eq 0 ] && has "$(warnings)" 'Warning: resources-missing-requests (error, pre-existing): Container app' ||
  fail 'an UPDATE of Deployment legacy that keeps its pre-existing error finding is allowed, with it as a warning'
k get deployment legacy -o 'jsonpath={.metadata.labels.team}'
[ "$rc" -eq 0 ] && [ "$out" = payments ] || fail 'the allowed UPDATE was stored (label team=payments)'
ok 'an UPDATE that keeps a pre-existing error finding is allowed with a warning'

sidecar='[{"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"sidecar","image":"registry.example.com/shop/sidecar:1.0.0"}}]'
k patch deployment legacy --type=json -p "$sidecar"
[ "$rc" -ne 0 ] && has "$err" "$HOOK" && has "$err" 'introduced by this change' &&
  has "$err" '[resources-missing-requests] Container sidecar' &&
  ! has "$err" '[resources-missing-requests] Container app' ||
  fail 'an UPDATE that adds a container without requests is denied for the new finding only'
k get deployment legacy -o 'jsonpath={.spec.template.spec.containers[*].name}'
[ "$rc" -eq 0 ] && [ "$out" = app ] || fail 'the denied UPDATE was not stored (Deployment legacy still has one container)'
ok 'an UPDATE that adds a finding is denied'

echo "all $passed checks passed"
