#!/usr/bin/env bash
# Builds the end-to-end binaries (kube-apiserver and etcd) with Go from the Go module proxy, once per machine, into
#   ${KUBEWARD_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeward-e2e}/k8s-<version>-etcd-<version>/
# outside the clone, and prints that directory on stdout (for KUBEWARD_E2E_BIN). Every message goes to stderr.
#
#   export KUBEWARD_E2E_BIN="$(scripts/build-e2e-bin.sh)"   # cached: well under a second; cold: 15-25 min
#
# Never fails its caller because of the build: without Go, when the build fails (the proxy refused, no disk) or when
# it takes longer than KUBEWARD_E2E_BUILD_TIMEOUT seconds (default 3600), it prints a warning, prints nothing on
# stdout and exits 0; the e2e suites then skip and say why. The build's output goes to a log file next to the cache
# directory; on failure its path and last 20 lines are printed.
#
# A build runs in a scratch directory and is renamed into place only when both binaries answer --version, so an
# interrupted build never counts as cached. A lock (flock) lets one build run at a time per machine; a second caller
# waits for it and then uses its result.
set -euo pipefail

K8S_VERSION=v1.36.3
ETCD_VERSION=v3.6.16
# The k8s.io staging modules (k8s.io/api, ...) are published as v0.<minor>.<patch> of the Kubernetes release.
STAGING_VERSION="v0.${K8S_VERSION#v1.}"

CACHE_ROOT="${KUBEWARD_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeward-e2e}"
NAME="k8s-${K8S_VERSION}-etcd-${ETCD_VERSION}"
DEST="$CACHE_ROOT/$NAME"
LOG="$CACHE_ROOT/$NAME.log"
TIMEOUT="${KUBEWARD_E2E_BUILD_TIMEOUT:-3600}"

say() { echo "e2e binaries: $*" >&2; }
warn() { echo "warning: e2e binaries: $*; the end-to-end suites will skip" >&2; }

# Both binaries exist and answer --version with the versions we build. kube-apiserver must say $K8S_VERSION: a build
# without the version ldflags (v0.0.0-master, which helm refuses for a chart's kubeVersion) is rebuilt in place.
usable() {
  local etcd apiserver
  [ -x "$1/kube-apiserver" ] && [ -x "$1/etcd" ] || return 1
  apiserver="$(timeout 30 "$1/kube-apiserver" --version 2>/dev/null)" || return 1
  [ "$apiserver" = "Kubernetes $K8S_VERSION" ] || return 1
  # Read whole (no pipe into grep -q: etcd would die of SIGPIPE writing its next line, and pipefail fail the check).
  etcd="$(timeout 30 "$1/etcd" --version 2>/dev/null)" || return 1
  [[ $'\n'"$etcd"$'\n' == *$'\n'"etcd Version: ${ETCD_VERSION#v}"$'\n'* ]]
}

# Copies a module from the module cache into a writable directory: go mod download -json prints its "Dir".
fetch() {
  local json dir
  json="$(go mod download -json "$1")" || {
    printf '%s\n' "$json"
    return 1
  }
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "go mod download -json $1 gave no module directory:"
    printf '%s\n' "$json"
    return 1
  fi
  cp -R "$dir" "$2"
  chmod -R u+w "$2"
}

# The -ldflags of Kubernetes' own build (hack/lib/version.sh, kube::version::ldflags) for a module build: the version
# variables of k8s.io/component-base/version (the API server's /version and --version) and k8s.io/client-go/pkg/version.
# Without them the binary says v0.0.0-master. The module zip carries no git metadata, so there is no gitCommit.
version_ldflags() {
  local major="${K8S_VERSION#v}" minor pkg flags=() date
  major="${major%%.*}"
  minor="${K8S_VERSION#v*.}"
  minor="${minor%%.*}"
  date="$(date -u +'%Y-%m-%dT%H:%M:%SZ')"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=("-X $pkg.gitVersion=$K8S_VERSION" "-X $pkg.gitMajor=$major" "-X $pkg.gitMinor=$minor" "-X $pkg.buildDate=$date")
  done
  printf '%s\n' "${flags[*]}"
}

# The recipe (README "End-to-end binaries"): both binaries into $1/bin, the module copies in $1/src.
build() {
  local out="$1/bin" work="$1/src"
  mkdir -p "$out" "$work"
  go version
  echo "== kube-apiserver $K8S_VERSION"
  fetch "k8s.io/kubernetes@$K8S_VERSION" "$work/kubernetes"
  cd "$work/kubernetes"
  # The module zip lacks the staging modules its go.mod replaces with ./staging/...: use the published ones.
  rm -rf go.work go.work.sum vendor
  sed -i -E "s#(k8s.io/[a-z0-9-]+) => ./staging/src/k8s.io/[a-z0-9-]+#\\1 => \\1 $STAGING_VERSION#" go.mod
  GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 go build -trimpath -ldflags "$(version_ldflags)" \
    -o "$out/kube-apiserver" ./cmd/kube-apiserver
  echo "== etcd $ETCD_VERSION"
  # The server module's main package is the etcd binary; its go.mod replaces its siblings with ../api etc.
  fetch "go.etcd.io/etcd/server/v3@$ETCD_VERSION" "$work/etcd"
  cd "$work/etcd"
  sed -i -E "s#(go.etcd.io/etcd/[a-z0-9/]+) => \\.\\./[a-z0-9/]+#\\1 => \\1 $ETCD_VERSION#" go.mod
  GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -o "$out/etcd" .
  if ! usable "$out"; then
    echo "the built binaries do not answer --version (or etcd is not $ETCD_VERSION)"
    return 1
  fi
  {
    echo "kube-apiserver $K8S_VERSION, etcd $ETCD_VERSION"
    go version
    date -u +'built %Y-%m-%dT%H:%M:%SZ by scripts/build-e2e-bin.sh'
  } >"$out/BUILD-INFO"
  echo "BUILD-OK"
}

# The build itself runs as a child of `timeout` (its own process group, so the deadline and an interrupt stop every
# compiler it started): this script again, in this mode.
if [ -n "${KUBEWARD_E2E_BUILD_INTO:-}" ]; then
  build "$KUBEWARD_E2E_BUILD_INTO"
  exit 0
fi

ready() {
  printf '%s\n' "$1"
  exit 0
}

if usable "$DEST"; then
  say "cached in $DEST"
  ready "$DEST"
fi

if ! command -v go >/dev/null 2>&1; then
  warn "none in $DEST and no Go toolchain on PATH to build them (README \"End-to-end binaries\")"
  exit 0
fi

if ! mkdir -p "$CACHE_ROOT" 2>/dev/null || ! : 2>/dev/null >>"$LOG"; then
  warn "cannot write to $CACHE_ROOT (set KUBEWARD_E2E_CACHE to a writable directory)"
  exit 0
fi

# One build at a time on this machine; a caller that waited finds the other's result. Children inherit the lock, so
# a build left running by a killed caller keeps it until it ends.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_ROOT/$NAME.lock"
  if ! flock -n 9; then
    say "another build holds $CACHE_ROOT/$NAME.lock; waiting for it (at most $TIMEOUT s)"
    if ! flock -w "$TIMEOUT" 9; then
      warn "another build still held $CACHE_ROOT/$NAME.lock after $TIMEOUT s"
      exit 0
    fi
  fi
  if usable "$DEST"; then
    say "built by another run into $DEST"
    ready "$DEST"
  fi
else
  say "no flock on PATH: building without a lock"
fi

# What an interrupted build left behind is never used: remove it while holding the lock.
rm -rf "$CACHE_ROOT/.$NAME".build-* "$CACHE_ROOT/.$NAME".old-*
SCRATCH="$(mktemp -d "$CACHE_ROOT/.$NAME.build-XXXXXX")"
builder=""
# shellcheck disable=SC2317 # called from the traps below
cleanup() { rm -rf "$SCRATCH"; }
# shellcheck disable=SC2317
interrupted() {
  if [ -n "$builder" ]; then
    kill -TERM "$builder" 2>/dev/null || true
    wait "$builder" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'interrupted 130' INT
trap 'interrupted 143' TERM

say "building kube-apiserver $K8S_VERSION and etcd $ETCD_VERSION with $(go env GOVERSION 2>/dev/null || echo go) into $DEST (15-25 min cold; log: $LOG)"
started=$(date +%s)
KUBEWARD_E2E_BUILD_INTO="$SCRATCH" timeout --kill-after=30 "$TIMEOUT" bash "${BASH_SOURCE[0]}" >"$LOG" 2>&1 </dev/null &
builder=$!
status=0
wait "$builder" || status=$?
builder=""
took=$(($(date +%s) - started))
if [ "$status" -ne 0 ]; then
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    warn "the build did not finish within $TIMEOUT s (KUBEWARD_E2E_BUILD_TIMEOUT)"
  else
    warn "the build failed after $took s (exit $status)"
  fi
  echo "  its log is $LOG; the last 20 lines:" >&2
  tail -n 20 "$LOG" | sed 's/^/  | /' >&2
  exit 0
fi

# Into place in one rename on the same file system; a broken directory of the same name is moved aside first.
if [ -e "$DEST" ]; then mv "$DEST" "$(mktemp -u "$CACHE_ROOT/.$NAME.old-XXXXXX")"; fi
mv "$SCRATCH/bin" "$DEST"
rm -rf "$CACHE_ROOT/.$NAME".old-*
say "built in $took s into $DEST"
ready "$DEST"
