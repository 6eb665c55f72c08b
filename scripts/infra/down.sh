#!/usr/bin/env bash
# down.sh stops the registry and dockerd that up.sh started, and nothing
# else: it only signals pids up.sh recorded in $STATE. Idempotent.
set -euo pipefail

STATE="${IRISINFER_INFRA_STATE:-/tmp/irisinfer-infra}"

log() { printf 'down.sh: %s\n' "$*" >&2; }

# stop_recorded sends TERM to the pid in $STATE/<name>.pid, waits up to 30s
# for it to exit, then forgets it.
stop_recorded() {
	local name=$1 pidfile="$STATE/$1.pid" pid
	[[ -f "$pidfile" ]] || return 0
	pid="$(cat "$pidfile")"
	if kill -0 "$pid" 2>/dev/null; then
		log "stopping $name (pid $pid)"
		kill -TERM "$pid"
		for _ in $(seq 60); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		kill -0 "$pid" 2>/dev/null && log "warning: $name (pid $pid) is still running after 30s"
	fi
	rm -f "$pidfile"
}

stop_recorded registry
stop_recorded dockerd
rm -f "$STATE/env"
