#!/usr/bin/env bash
# Load-test irisd's single-instance /predict path and report throughput,
# latency, time to ready and memory.
#
#   scripts/bench.sh            # 10 s run on 127.0.0.1:18089
#   PORT=9000 DURATION=30s scripts/bench.sh
#
# Builds the binary, starts it with logs to /dev/null, measures the time from
# starting the process until /readyz answers 200, runs
# `wrk -t2 -c16 -d$DURATION --latency -s scripts/predict.lua`, then prints
# req/s, p50, p99, peak RSS (VmHWM) and RSS after the load (VmRSS), and stops
# the server with SIGTERM. Needs wrk (apt-get install wrk).
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib/toolchain.sh"
cd "$(dirname "$0")/.."

port="${PORT:-18089}"
duration="${DURATION:-10s}"
threads=2
connections=16

command -v wrk >/dev/null || { echo "bench.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

# ready succeeds when GET /readyz answers 200. It speaks HTTP through bash's
# /dev/tcp so that polling forks no process and the time to ready is precise.
ready() {
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
	printf 'GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
	local proto status
	read -r proto status _ <&3 || true
	exec 3<&- 3>&-
	[[ "$status" == 200 ]]
}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "bench.sh: port $port is already in use; set PORT" >&2
	exit 1
fi

workdir=$(mktemp -d)
pid=""
cleanup() {
	if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$workdir"
}
trap cleanup EXIT

echo "==> building irisd"
go build -trimpath -o "$workdir/irisd" ./service/cmd/irisd

echo "==> starting irisd on 127.0.0.1:$port"
start_ns=$(date +%s%N)
IRIS_ADDR="127.0.0.1:$port" "$workdir/irisd" >/dev/null 2>&1 &
pid=$!
until ready 2>/dev/null; do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "bench.sh: irisd exited before becoming ready" >&2
		exit 1
	fi
done
ready_ns=$(date +%s%N)
ready_ms=$(awk -v ns=$((ready_ns - start_ns)) 'BEGIN { printf "%.1f", ns / 1e6 }')

echo "==> wrk -t$threads -c$connections -d$duration --latency -s scripts/predict.lua"
wrk_out="$workdir/wrk.txt"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s scripts/predict.lua \
	"http://127.0.0.1:$port/predict" | tee "$wrk_out"

if grep -q "Non-2xx or 3xx responses" "$wrk_out"; then
	echo "bench.sh: some requests failed (see above)" >&2
	exit 1
fi

rps=$(awk '/^Requests\/sec:/ { print $2 }' "$wrk_out")
p50=$(awk '$1 == "50%" { print $2 }' "$wrk_out")
p99=$(awk '$1 == "99%" { print $2 }' "$wrk_out")
peak_rss=$(awk '/^VmHWM:/ { print $2, $3 }' "/proc/$pid/status")
steady_rss=$(awk '/^VmRSS:/ { print $2, $3 }' "/proc/$pid/status")

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""

cat <<REPORT

==> irisd /predict (single instance), wrk -t$threads -c$connections -d$duration
time to ready:   $ready_ms ms (process start to /readyz 200)
requests/s:      $rps
latency p50:     $p50
latency p99:     $p99
peak RSS:        $peak_rss (VmHWM)
RSS after load:  $steady_rss (VmRSS)
exit status:     $status (after SIGTERM)
REPORT
[[ "$status" == 0 ]]
