#!/usr/bin/env bash
# measure-image.sh builds the service image with the repository's Dockerfile
# and prints what it costs: build time cold (no cache), warm (nothing
# changed) and after a source change; image size compressed and uncompressed
# (ci/pkg/imagesize, as the release gate measures it); and time to ready of a
# hardened container, over RUNS runs.
#
#   scripts/infra/up.sh && scripts/measure-image.sh
#
# Targets: image < 20 MB uncompressed, ready < 200 ms.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${IRISINFER_INFRA_STATE:-/tmp/irisinfer-infra}"
# shellcheck disable=SC1091
if [[ -f "$STATE/env" ]]; then source "$STATE/env"; fi
DOCKER="${DOCKER:-/usr/bin/docker}"
RUNS="${RUNS:-5}"
# PORT is the loopback port the measured container answers on.
PORT="${PORT:-18091}"
TAG="irisinfer-measure:$$"
export DOCKER_BUILDKIT=1

WORK="$(mktemp -d)"
cleanup() {
	"$DOCKER" rm --force "${CONTAINER:-}" >/dev/null 2>&1 || true
	"$DOCKER" image rm --force "$TAG" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

build_args=(--build-arg VERSION=v0.0.0-measure --build-arg COMMIT=0000000
	--build-arg CREATED=1970-01-01T00:00:00Z)
if [[ -n "${IRISINFER_GO_IMAGE:-}" ]]; then build_args+=(--build-arg "GO_IMAGE=$IRISINFER_GO_IMAGE"); fi
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/go-build-args.sh"
go_build_args

# timed_build CONTEXT [FLAGS...] builds and prints the wall time in ms.
timed_build() {
	local dir=$1 start
	shift
	start=$(now_ms)
	"$DOCKER" build --quiet "${build_args[@]}" "$@" -t "$TAG" "$dir" >"$WORK/build.log" 2>&1 ||
		{ cat "$WORK/build.log" >&2; echo "measure-image.sh: docker build failed" >&2; exit 1; }
	echo $(($(now_ms) - start))
}

# Build from a snapshot of the context: the tree may change while this runs.
mkdir -p "$WORK/ctx" "$WORK/changed"
cp -a "$ROOT/Dockerfile" "$ROOT/.dockerignore" "$ROOT/go.mod" "$ROOT/go.sum" "$ROOT/model" "$ROOT/service" "$WORK/ctx/"
cp -a "$WORK/ctx/." "$WORK/changed/"
# The same context with one service source file changed.
main_src="$(find "$WORK/changed/service/cmd/irisd" -name '*.go' ! -name '*_test.go' | head -n 1)"
printf '\n// measure %s\n' "$$" >>"$main_src"

cold=$(timed_build "$WORK/ctx" --no-cache)
warm=$(timed_build "$WORK/ctx")
changed=$(timed_build "$WORK/changed")
timed_build "$WORK/ctx" >/dev/null # the measured image is the snapshot's
echo "build: cold (--no-cache) ${cold} ms, warm (no change) ${warm} ms, after a service source change ${changed} ms"

"$DOCKER" save -o "$WORK/image.tar" "$TAG"
(cd "$ROOT/ci" && go run ./cmd/sizereport "$WORK/image.tar")

# ready_once NETWORK starts a hardened container and prints "<ms from docker
# run> <ms from process start>". NETWORK is "bridge" (the default network,
# port published on loopback: what most users run) or "host" (no network
# namespace, veth or proxy to set up: what Docker itself costs less of).
ready_once() {
	local network=$1 start started_ns ready url
	local args=(--detach --read-only --cap-drop=ALL --security-opt=no-new-privileges --user 65532:65532)
	if [[ $network == host ]]; then
		args+=(--network host --env "IRIS_ADDR=127.0.0.1:$PORT")
	else
		args+=(--publish "127.0.0.1:$PORT:8080")
	fi
	url="http://127.0.0.1:$PORT/readyz"
	start=$(date +%s%N)
	CONTAINER=$("$DOCKER" run "${args[@]}" "$TAG")
	until curl -fs -o /dev/null --max-time 1 "$url"; do
		if (($(date +%s%N) - start > 30000000000)); then
			"$DOCKER" logs "$CONTAINER" >&2
			"$DOCKER" rm --force "$CONTAINER" >/dev/null
			echo "measure-image.sh: the container was not ready within 30s" >&2
			return 1
		fi
	done
	ready=$(date +%s%N)
	started_ns=$(date -d "$("$DOCKER" inspect --format '{{.State.StartedAt}}' "$CONTAINER")" +%s%N)
	"$DOCKER" rm --force "$CONTAINER" >/dev/null
	echo "$(((ready - start) / 1000000)) $(((ready - started_ns) / 1000000))"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for network in bridge host; do
	runs=()
	starts=()
	for _ in $(seq "$RUNS"); do
		out="$(ready_once "$network")"
		read -r total proc <<<"$out"
		runs+=("$total")
		starts+=("$proc")
	done
	echo "ready ($network network): docker run -> /readyz 200: ${runs[*]} ms (median $(median "${runs[@]}") ms)"
	echo "ready ($network network): process start -> /readyz 200: ${starts[*]} ms (median $(median "${starts[@]}") ms)"
done
