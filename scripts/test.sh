#!/usr/bin/env bash
# The whole test suite (`make test`, the README's test command, run by CI).
#
# Root module (model, service) and the Dagger module's plain packages run with
# the race detector; the Dagger module itself is type-checked against the
# pinned SDK; the workflows are linted; then Docker and a registry are brought
# up (installed when absent) for the end-to-end image tests.
# IRISINFER_SKIP_E2E=1 leaves out the Docker part (make test-unit).
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
cd "$(dirname "$0")/.."
root=$(pwd)

step() { printf '\n==> %s\n' "$*"; }

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go') 2>/dev/null || true)
if [ -n "$unformatted" ]; then
	echo "gofmt: these files need formatting (run gofmt -w):"; echo "$unformatted"; exit 1
fi

step "root module: go mod verify, go vet"
go mod verify
go vet ./...

step "root module: go test -race -shuffle=on"
go test -race -shuffle=on -count=1 ./...

# The ci module's main package needs code the Dagger engine generates, so it is
# checked by the typecheck package's tests, not built directly.
cd "$root/ci"
ci_pkgs=$(go list -e ./... | grep -v -e '^dagger/ci$' -e '^dagger/ci/e2e$' -e '^dagger/ci/internal/')

step "ci module: go mod verify, go vet (plain packages)"
go mod verify
go vet $ci_pkgs

step "ci module: unit tests, Dagger type-check, Dockerfile drift"
go test -race -shuffle=on -count=1 $ci_pkgs
# -short runs only the end-to-end package's Docker-free tests (the Dockerfile
# drift test); the Docker tests run below, once the engine is up.
IRISINFER_E2E= go test -short -count=1 ./e2e/...

step "golangci-lint (.golangci.yml)"
bash "$root/scripts/lint.sh"

step "workflows: actionlint"
cd "$root/tools/workflowlint"
go test -count=1 ./...

if [ "${IRISINFER_SKIP_E2E:-}" = "1" ]; then
	step "end-to-end: skipped (IRISINFER_SKIP_E2E=1)"
	exit 0
fi

step "end-to-end: Docker engine and registry"
bash "$root/scripts/infra/up.sh"
trap 'bash "$root/scripts/infra/down.sh"' EXIT
# shellcheck disable=SC1091
. /tmp/irisinfer-infra/env

step "end-to-end: image build, run, size, publish, reproducibility"
cd "$root/ci"
go test -count=1 -timeout 30m -v ./e2e/...
