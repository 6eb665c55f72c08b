#!/usr/bin/env bash
# up.sh brings up what the end-to-end tests need, and only what is missing:
# the Docker engine, a Go toolchain image made from this machine's Go (no
# registry can be pulled from here) and an htpasswd-protected distribution
# registry on 127.0.0.1. It writes the facts the tests read to $STATE/env.
#
# Idempotent: run it again and it reuses what is already up. down.sh stops
# only what this script started (pids recorded in $STATE).
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/../lib/toolchain.sh"

STATE="${IRISINFER_INFRA_STATE:-/tmp/irisinfer-infra}"
DOCKER="${DOCKER:-/usr/bin/docker}"
REGISTRY_PORT="${IRISINFER_REGISTRY_PORT:-5000}"
REGISTRY_USER="${IRISINFER_REGISTRY_USER:-irisinfer}"
WAIT_SECONDS="${IRISINFER_INFRA_WAIT:-60}"

log() { printf 'up.sh: %s\n' "$*" >&2; }
die() { printf 'up.sh: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$STATE"
chmod 700 "$STATE"

# install_missing installs the Debian packages whose marker command is absent.
install_missing() {
	local missing=()
	[[ -x /usr/sbin/dockerd && -x /usr/bin/docker ]] || missing+=(docker.io)
	[[ -x /usr/bin/docker-registry ]] || missing+=(docker-registry)
	command -v htpasswd >/dev/null || missing+=(apache2-utils)
	command -v curl >/dev/null || missing+=(curl)
	# The toolchain image has no C library, so its shell must be the static busybox.
	dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
	((${#missing[@]} == 0)) && return 0
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them by hand"
	log "installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$STATE/apt.log" 2>&1 ||
		die "apt-get install ${missing[*]} failed: see $STATE/apt.log"
}

# wait_for runs "$@" every half second until it succeeds or WAIT_SECONDS pass.
wait_for() {
	local what=$1; shift
	local deadline=$((SECONDS + WAIT_SECONDS))
	until "$@" >/dev/null 2>&1; do
		((SECONDS < deadline)) || return 1
		sleep 0.5
	done
	log "$what is ready"
}

start_docker() {
	if "$DOCKER" info >/dev/null 2>&1; then
		log "using the running Docker engine"
		return 0
	fi
	command -v dockerd >/dev/null || die "no Docker engine answers and dockerd is not installed"
	log "starting dockerd (log: $STATE/dockerd.log)"
	nohup dockerd --host=unix:///var/run/docker.sock >"$STATE/dockerd.log" 2>&1 &
	echo $! >"$STATE/dockerd.pid"
	wait_for "dockerd" "$DOCKER" info ||
		die "dockerd did not answer within ${WAIT_SECONDS}s: see $STATE/dockerd.log"
}

# build_go_image imports a Go toolchain image made from this machine's Go,
# since golang:* cannot be pulled here. CGO_ENABLED=0 builds need no gcc.
build_go_image() {
	local goroot version image root
	goroot="$(go env GOROOT)"
	version="$(go env GOVERSION)"
	version="${version#go}"
	image="irisinfer/go-local:$version"
	GO_IMAGE="$image"
	if "$DOCKER" image inspect "$image" >/dev/null 2>&1; then
		log "base image $image exists"
		return 0
	fi
	log "importing $image from $goroot"
	root="$(mktemp -d "$STATE/goroot.XXXXXX")"
	trap 'rm -rf "$root"; trap - RETURN' RETURN
	mkdir -p "$root"/{bin,usr/local,etc/ssl/certs,tmp,root}
	chmod 1777 "$root/tmp"
	cp -a "$goroot" "$root/usr/local/go"
	cp /bin/busybox "$root/bin/busybox"
	for applet in sh ls cat mkdir rm cp mv env echo; do
		ln -s busybox "$root/bin/$applet"
	done
	cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	tar -C "$root" -c . | "$DOCKER" import \
		--change 'ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		--change 'ENV GOPATH=/go' \
		--change 'ENV GOTOOLCHAIN=local' \
		--change 'WORKDIR /go' \
		- "$image" >/dev/null
}

registry_answers() {
	local code
	code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$REGISTRY_PORT/v2/")" || return 1
	[[ "$code" == 401 ]]
}

start_registry() {
	if [[ -f "$STATE/registry.pid" ]] && kill -0 "$(cat "$STATE/registry.pid")" 2>/dev/null && registry_answers; then
		log "registry on 127.0.0.1:$REGISTRY_PORT is running"
		return 0
	fi
	if curl -s -o /dev/null "http://127.0.0.1:$REGISTRY_PORT/"; then
		die "port $REGISTRY_PORT is taken by something this script did not start: set IRISINFER_REGISTRY_PORT"
	fi
	local password
	password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	htpasswd -Bbn "$REGISTRY_USER" "$password" >"$STATE/htpasswd"
	printf '%s' "$password" >"$STATE/registry.password"
	chmod 600 "$STATE/htpasswd" "$STATE/registry.password"
	mkdir -p "$STATE/registry-data"
	cat >"$STATE/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
auth:
  htpasswd:
    realm: irisinfer-test
    path: $STATE/htpasswd
YML
	log "starting registry on 127.0.0.1:$REGISTRY_PORT (log: $STATE/registry.log)"
	nohup /usr/bin/docker-registry serve "$STATE/registry.yml" >"$STATE/registry.log" 2>&1 &
	echo $! >"$STATE/registry.pid"
	wait_for "registry" registry_answers ||
		die "registry did not answer /v2/ with 401 within ${WAIT_SECONDS}s: see $STATE/registry.log"
}

# build_vulndb indexes the pinned Go vulnerability database (ci/versions.go,
# VulnDBModule) into $STATE/vulndb-<version> for govulncheck -db file://...,
# once per version: no network but the module proxy is needed.
build_vulndb() {
	local module versions="$(dirname "${BASH_SOURCE[0]}")/../../ci/versions.go" dir
	module="$(sed -n 's|.*VulnDBModule *= *"\([^"]*\)".*|\1|p' "$versions")"
	[[ -n "$module" ]] || die "cannot read VulnDBModule from $versions"
	VULNDB="$STATE/vulndb-${module##*@}"
	if [[ -f "$VULNDB/index/db.json" ]]; then
		log "vulnerability database $VULNDB is there"
		return 0
	fi
	log "indexing $module into $VULNDB"
	dir="$(cd "$STATE" && go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
	[[ -d "$dir/data/osv" ]] || die "go mod download $module gave no data/osv"
	rm -rf "$VULNDB.tmp"
	(cd "$STATE" && go run "golang.org/x/vulndb/cmd/indexdb@${module##*@}" -vulns "$dir/data/osv" -out "$VULNDB.tmp") ||
		die "indexing the vulnerability database failed"
	mv "$VULNDB.tmp" "$VULNDB"
}

write_env() {
	local tmp="$STATE/env.tmp"
	{
		echo "# Written by scripts/infra/up.sh; read by ci/e2e."
		printf 'export DOCKER=%q\n' "$DOCKER"
		if [[ -n "${GO_IMAGE:-}" ]]; then
			printf 'export IRISINFER_GO_IMAGE=%q\n' "$GO_IMAGE"
		fi
		printf 'export IRISINFER_REGISTRY=%q\n' "127.0.0.1:$REGISTRY_PORT"
		printf 'export IRISINFER_REGISTRY_USER=%q\n' "$REGISTRY_USER"
		printf 'export IRISINFER_REGISTRY_PASSWORD=%q\n' "$(cat "$STATE/registry.password")"
		printf 'export IRISINFER_VULNDB=%q\n' "$VULNDB"
	} >"$tmp"
	chmod 600 "$tmp"
	mv "$tmp" "$STATE/env"
	log "wrote $STATE/env"
}

install_missing
start_docker
GO_IMAGE=""
# Nothing can be pulled here, so a local image stands in for golang:*. A
# laptop that can pull sets IRISINFER_LOCAL_GO_IMAGE=never and keeps the
# Dockerfile's default (IRISINFER_GO_IMAGE stays unset).
if [[ "${IRISINFER_LOCAL_GO_IMAGE:-always}" == never ]]; then
	log "keeping the Dockerfile's default Go image"
else
	build_go_image
fi
start_registry
build_vulndb
write_env
