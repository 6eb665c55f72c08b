#!/usr/bin/env bash
# Runs golangci-lint (config: .golangci.yml) on the root module and on the
# Dagger module's plain packages. The version is read from ci/versions.go, the
# one place it is pinned, and installed with `go install` when missing.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's|.*GolangciLintImage *= *"golangci/golangci-lint:\(v[^"]*\)".*|\1|p' ci/versions.go)
[ -n "$version" ] || { echo "lint.sh: cannot read the golangci-lint version from ci/versions.go" >&2; exit 1; }

# Built per Go toolchain: golangci-lint refuses code newer than its own Go.
bindir="${IRISINFER_TOOLS:-$HOME/.cache/irisinfer-tools}/golangci-lint-$version-$GOTOOLCHAIN"
lint="$bindir/golangci-lint"
if [ ! -x "$lint" ]; then
	echo "lint.sh: installing golangci-lint $version"
	GOBIN="$bindir" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
fi

"$lint" run ./...
# The module's main package needs engine-generated code: lint its plain packages.
cd "$root/ci"
"$lint" run --config "$root/.golangci.yml" $(go list -e ./... | grep -v -e '^dagger/ci$' | sed 's|^dagger/ci|.|')
