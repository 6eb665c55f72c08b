#!/usr/bin/env bash
# image-variants.sh measures what each image optimisation buys: it builds the
# service three ways and prints each image's size with the project's own size
# report (ci/cmd/sizereport, the package the release size gate uses).
#
#   1. naive: one stage, the Go toolchain image with the whole context and a
#      plain `go build` (what a first Dockerfile usually looks like);
#   2. multi-stage: the same build, but only the binary and the model copied
#      onto scratch (debug symbols and build ids kept);
#   3. release: the repository's Dockerfile (static, -trimpath, -s -w, scratch,
#      non-root, .dockerignore).
#
#   scripts/infra/up.sh && scripts/image-variants.sh
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${IRISINFER_INFRA_STATE:-/tmp/irisinfer-infra}"
# shellcheck disable=SC1091
if [[ -f "$STATE/env" ]]; then source "$STATE/env"; fi
DOCKER="${DOCKER:-/usr/bin/docker}"
export DOCKER_BUILDKIT=1
# Default: the Dockerfile's own pinned Go image.
GO_IMAGE="${IRISINFER_GO_IMAGE:-$(sed -n 's/^ARG GO_IMAGE=//p' "$ROOT/Dockerfile")}"

WORK="$(mktemp -d)"
tags=()
cleanup() {
	for t in "${tags[@]}"; do "$DOCKER" image rm --force "$t" >/dev/null 2>&1 || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

build_args=(--build-arg "GO_IMAGE=$GO_IMAGE")
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/go-build-args.sh"
go_build_args

# Every variant builds the committed tree of HEAD. The naive ones see all of
# it, as a Dockerfile without an ignore file does (minus .git).
mkdir -p "$WORK/full"
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/full"

cat >"$WORK/naive.Dockerfile" <<'DOCKERFILE'
ARG GO_IMAGE
FROM ${GO_IMAGE}
ARG GOPROXY
ARG GONOSUMDB
ARG GOFLAGS
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/irisd ./service/cmd/irisd
ENV IRIS_MODEL_PATH=/src/model/artifacts/iris.json
ENTRYPOINT ["/usr/local/bin/irisd"]
DOCKERFILE

cat >"$WORK/multistage.Dockerfile" <<'DOCKERFILE'
ARG GO_IMAGE
FROM ${GO_IMAGE} AS build
ARG GOPROXY
ARG GONOSUMDB
ARG GOFLAGS
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/irisd ./service/cmd/irisd
FROM scratch
COPY --from=build /out/irisd /usr/local/bin/irisd
COPY model/artifacts/iris.json /models/iris.json
ENV IRIS_MODEL_PATH=/models/iris.json
ENTRYPOINT ["/usr/local/bin/irisd"]
DOCKERFILE

measure() { # measure NAME DOCKERFILE CONTEXT
	local name=$1 tag="irisinfer-variant-$1:$$"
	tags+=("$tag")
	"$DOCKER" build --quiet "${build_args[@]}" -f "$2" -t "$tag" "$3" >"$WORK/$name.log" 2>&1 ||
		{ cat "$WORK/$name.log" >&2; echo "image-variants.sh: building $name failed" >&2; exit 1; }
	"$DOCKER" save -o "$WORK/$name.tar" "$tag"
	echo "== $name"
	(cd "$ROOT/ci" && go run ./cmd/sizereport "$WORK/$name.tar")
	rm -f "$WORK/$name.tar"
}

echo "Go image: $GO_IMAGE"
measure naive "$WORK/naive.Dockerfile" "$WORK/full"
measure multistage "$WORK/multistage.Dockerfile" "$WORK/full"
measure release "$WORK/full/Dockerfile" "$WORK/full"
