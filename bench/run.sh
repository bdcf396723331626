#!/bin/sh
# Maillage benchmark (not a test; STYLE §7, docs/PERFORMANCE.md).
#
#   sh bench/run.sh build/maillage
#
# One run measures, on this machine and with the same wrk settings:
#   nginx   a ~1 KiB static file (private nginx, started here)
#   read    GET /api/v1/persons/1 with a session (its trace row is committed
#           by the group-commit writer before the answer leaves)
#   write   PATCH /api/v1/persons/1 {"data":{"soins":"bench N"}} (bench/write.lua)
# for each --threads value in BENCH_THREADS, on a fresh copy of a demo SQLite
# database; plus the server's RSS during the load (max of `ps -o rss=` every
# 0.5 s) and its startup time (exec to first /healthz, and "prêt en N ms").
# Targets are printed PASS/FAIL for information; the exit status is 0 unless
# a tool fails. Builds nothing.
#
# Environment: BENCH_THREADS ("2 4"), BENCH_DURATION (10s), BENCH_CONNS (64),
# BENCH_WRK_THREADS (2), BENCH_KEEP=1 keeps the temp dir (wrk outputs, logs).
set -eu

BIN=${1:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
	echo "usage: sh bench/run.sh PATH/TO/maillage" >&2
	exit 2
fi
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
THREADS=${BENCH_THREADS:-2 4}
DUR=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNS:-64}
WT=${BENCH_WRK_THREADS:-2}

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing $2" >&2
		apt-get install -y "$2" >/dev/null || apt-get install -y "$3" \
		    >/dev/null
	fi
	command -v "$1" >/dev/null 2>&1 || {
		echo "bench: $1 not found (apt-get install $2)" >&2
		exit 1
	}
}
PATH=$PATH:/usr/sbin:/sbin
need nginx nginx-light nginx
need wrk wrk wrk
need curl curl curl

TMP=$(mktemp -d /tmp/maillage-bench.XXXXXX)
SPID=
SAMPLER=
cleanup() {
	if [ -n "$SAMPLER" ]; then kill "$SAMPLER" 2>/dev/null || true; fi
	if [ -n "$SPID" ]; then
		kill "$SPID" 2>/dev/null || true
		wait "$SPID" 2>/dev/null || true
	fi
	if [ -f "$TMP/nginx.pid" ]; then
		kill "$(cat "$TMP/nginx.pid")" 2>/dev/null || true
		sleep 0.2
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "bench: kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(($(date +%s%N) / 1000000)); }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
	    awk 'BEGIN { srand(); print 20000 + int(rand() * 30000) }'
}

# wrk output -> "req/s p50_ms p99_ms non2xx socket_errors"
wrk_summary() {
	awk '
	function ms(v) {
		if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
		if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
		if (v ~ /s$/)  { sub(/s$/, "", v); return v * 1000 }
		return v + 0
	}
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/^Requests\/sec:/ { rps = $2 }
	/Non-2xx or 3xx responses:/ { bad = $NF }
	/Socket errors:/ { sub(/.*Socket errors: */, ""); gsub(/ /, ""); se = $0 }
	END { printf "%.0f %.2f %.2f %d %s\n", rps, p50, p99, bad, (se == "" ? "-" : se) }
	' "$1"
}

cpu_ticks() {	# pids... -> user+system clock ticks, summed
	for p in "$@"; do
		awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0
	done | awk '{ s += $1 } END { print s + 0 }'
}
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)

run_wrk() {	# name "server pids" url [wrk args...]
	name=$1
	pids=$2
	url=$3
	shift 3
	# shellcheck disable=SC2086 # a list of pids
	c0=$(cpu_ticks $pids)
	wrk -t"$WT" -c"$CONNS" -d"$DUR" --latency "$@" "$url" \
	    >"$TMP/wrk-$name.txt" 2>&1 || {
		echo "bench: wrk failed for $name:" >&2
		cat "$TMP/wrk-$name.txt" >&2
		exit 1
	}
	# shellcheck disable=SC2086
	c1=$(cpu_ticks $pids)
	n=$(awk '/requests in/ { print $1 }' "$TMP/wrk-$name.txt")
	cpu=$(awk -v c=$((c1 - c0)) -v n="${n:-0}" -v hz="$HZ" \
	    'BEGIN { printf "%.1f", (n > 0 ? c * 1e6 / hz / n : 0) }')
	# shellcheck disable=SC2046 # five words
	set -- $(wrk_summary "$TMP/wrk-$name.txt")
	echo "$name $1 $2 $3 $4 $5 $cpu" >>"$TMP/results"
	if [ "$4" != 0 ] || [ "$5" != - ]; then
		echo "bench: $name: $4 non-2xx/3xx answers, socket errors: $5" >&2
		grep -E "Non-2xx|Socket errors" "$TMP/wrk-$name.txt" >&2 || true
	fi
}

rss_sampler() {	# pid file
	while kill -0 "$1" 2>/dev/null; do
		ps -o rss= -p "$1" 2>/dev/null || true
		sleep 0.5
	done >>"$2"
}

# --- machine -------------------------------------------------------------
echo "Machine: $(nproc) CPU ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "Maillage: $BIN ($(cd "$HERE/.." && git describe --always --dirty 2>/dev/null || echo "?"))"
echo "wrk -t$WT -c$CONNS -d$DUR --latency; $(nginx -v 2>&1); load average before: $(cut -d" " -f1-3 /proc/loadavg)"
echo

# --- demo database (seeded once, copied for each run) --------------------
"$BIN" demo --db "sqlite:$TMP/seed.db" >"$TMP/demo.out" 2>&1 || {
	echo "bench: demo seed failed" >&2
	cat "$TMP/demo.out" >&2
	exit 1
}

# --- nginx ---------------------------------------------------------------
mkdir -p "$TMP/www" "$TMP/nginx-tmp"
awk 'BEGIN { for (i = 0; i < 16; i++) printf "%063d\n", i }' >"$TMP/www/static.txt"
NPORT=$(free_port)
USERLINE=
[ "$(id -u)" = 0 ] && USERLINE="user root;"
cat >"$TMP/nginx.conf" <<EOF
$USERLINE
worker_processes auto;
daemon on;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	default_type text/plain;
	client_body_temp_path $TMP/nginx-tmp/body;
	proxy_temp_path $TMP/nginx-tmp/proxy;
	fastcgi_temp_path $TMP/nginx-tmp/fastcgi;
	server {
		listen 127.0.0.1:$NPORT;
		root $TMP/www;
	}
}
EOF
nginx -e "$TMP/nginx-error.log" -p "$TMP" -c "$TMP/nginx.conf" || {
	cat "$TMP/nginx-error.log" >&2
	exit 1
}
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$NPORT/static.txt"; do
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "bench: nginx did not answer" >&2; exit 1; }
	sleep 0.05
done
: >"$TMP/results"
NPIDS=$(pgrep -P "$(cat "$TMP/nginx.pid")" | tr '\n' ' ')
run_wrk nginx "$NPIDS" "http://127.0.0.1:$NPORT/static.txt"
kill "$(cat "$TMP/nginx.pid")"
rm -f "$TMP/nginx.pid"

# --- Maillage, for each thread count -------------------------------------
for T in $THREADS; do
	cp "$TMP/seed.db" "$TMP/run.db"
	[ -f "$TMP/seed.db.tracekey" ] && cp "$TMP/seed.db.tracekey" "$TMP/run.db.tracekey"
	rm -f "$TMP/run.db-wal" "$TMP/run.db-shm"
	PORT=$(free_port)
	BASE="http://127.0.0.1:$PORT"
	t0=$(now_ms)
	"$BIN" serve --db "sqlite:$TMP/run.db" --listen "127.0.0.1:$PORT" \
	    --threads "$T" --allow-local-key >"$TMP/serve-$T.out" 2>"$TMP/serve-$T.err" &
	SPID=$!
	until curl -sf -o /dev/null "$BASE/healthz"; do
		kill -0 "$SPID" 2>/dev/null || {
			echo "bench: server exited" >&2
			cat "$TMP/serve-$T.err" >&2
			exit 1
		}
		[ $(($(now_ms) - t0)) -gt 10000 ] && {
			echo "bench: server not ready after 10 s" >&2
			exit 1
		}
	done
	ready=$(($(now_ms) - t0))
	pret=$(sed -n 's/.*prêt en \([0-9]*\) ms.*/\1/p' "$TMP/serve-$T.out")
	rss0=$(ps -o rss= -p "$SPID" | tr -d ' ')

	curl -sf -D "$TMP/login.h" -o "$TMP/login.json" \
	    -H 'Content-Type: application/json' \
	    -d '{"login":"coordination","password":"maillage-demo"}' \
	    "$BASE/api/v1/session" || { echo "bench: login failed" >&2; exit 1; }
	COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: *\(maillage_session=[^;]*\).*/\1/p' \
	    "$TMP/login.h" | tr -d '\r')
	CSRF=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$TMP/login.json")
	if [ -z "$COOKIE" ] || [ -z "$CSRF" ]; then
		echo "bench: no session cookie or CSRF token" >&2
		exit 1
	fi
	curl -sf -o /dev/null -H "Cookie: $COOKIE" "$BASE/api/v1/persons/1" || {
		echo "bench: GET /api/v1/persons/1 failed" >&2
		exit 1
	}

	: >"$TMP/rss-$T"
	rss_sampler "$SPID" "$TMP/rss-$T" &
	SAMPLER=$!
	run_wrk "read-t$T" "$SPID" "$BASE/api/v1/persons/1" -H "Cookie: $COOKIE"
	BENCH_COOKIE=$COOKIE
	BENCH_CSRF=$CSRF
	BENCH_PATH=/api/v1/persons/1
	export BENCH_COOKIE BENCH_CSRF BENCH_PATH
	run_wrk "write-t$T" "$SPID" "$BASE$BENCH_PATH" -s "$HERE/write.lua"
	kill "$SAMPLER" 2>/dev/null || true
	wait "$SAMPLER" 2>/dev/null || true
	SAMPLER=
	rssmax=$(awk 'BEGIN { m = 0 } $1 > m { m = $1 } END { print m }' \
	    "$TMP/rss-$T")
	echo "server-t$T $ready ${pret:-?} $rss0 $rssmax" >>"$TMP/results"

	kill "$SPID"
	wait "$SPID" 2>/dev/null || true
	SPID=
done

# --- report --------------------------------------------------------------
awk -v threads="$THREADS" '
function pf(ok) { return ok ? "PASS" : "FAIL" }
$1 == "nginx" { nr = $2; np50 = $3; np99 = $4; nbad = $5; ncpu = $7 }
$1 ~ /^read-t/  { t = substr($1, 7); rr[t] = $2; r50[t] = $3; r99[t] = $4; rb[t] = $5; rs[t] = $6; rc[t] = $7 }
$1 ~ /^write-t/ { t = substr($1, 8); wr[t] = $2; w50[t] = $3; w99[t] = $4; wb[t] = $5; ws[t] = $6; wc[t] = $7 }
$1 ~ /^server-t/ { t = substr($1, 9); rdy[t] = $2; pret[t] = $3; rss0[t] = $4; rssm[t] = $5 }
END {
	printf "%-22s %10s %9s %9s %8s %14s\n", "run", "req/s", "p50 ms", "p99 ms", "non-2xx", "server CPU/req"
	printf "%-22s %10d %9.2f %9.2f %8d %11.1f us\n", "nginx static 1 KiB", nr, np50, np99, nbad, ncpu
	n = split(threads, ts, " ")
	for (i = 1; i <= n; i++) {
		t = ts[i]
		printf "%-22s %10d %9.2f %9.2f %8d %11.1f us\n", "read  --threads " t, rr[t], r50[t], r99[t], rb[t], rc[t]
		printf "%-22s %10d %9.2f %9.2f %8d %11.1f us\n", "write --threads " t, wr[t], w50[t], w99[t], wb[t], wc[t]
	}
	print ""
	printf "%-10s %10s %10s %9s %9s %13s %10s\n", "threads", "read/nginx", "write/nginx", "RSS idle", "RSS max", "startup ms", "prêt en"
	for (i = 1; i <= n; i++) {
		t = ts[i]
		printf "%-10s %9.1f%% %10.1f%% %6.1f MB %6.1f MB %13d %7s ms\n", t, \
		    nr ? 100 * rr[t] / nr : 0, nr ? 100 * wr[t] / nr : 0, \
		    rss0[t] / 1024, rssm[t] / 1024, rdy[t], pret[t]
	}
	print ""
	for (i = 1; i <= n; i++) {
		t = ts[i]
		if (ncpu > 0)
			printf "server CPU per request vs nginx, --threads %s: read x%.1f, write x%.1f\n", t, rc[t] / ncpu, wc[t] / ncpu
	}
	print ""
	print "Targets (informational):"
	for (i = 1; i <= n; i++) {
		t = ts[i]
		rp = nr ? 100 * rr[t] / nr : 0
		wp = nr ? 100 * wr[t] / nr : 0
		printf "  --threads %s  read >= 50%% of nginx     %5.1f%%    %s\n", t, rp, pf(rp >= 50)
		printf "  --threads %s  read p99 <= 20 ms         %5.2f ms  %s\n", t, r99[t], pf(r99[t] <= 20)
		printf "  --threads %s  write >= 20%% of nginx    %5.1f%%    %s\n", t, wp, pf(wp >= 20)
		printf "  --threads %s  RSS <= 64 MB              %5.1f MB  %s\n", t, rssm[t] / 1024, pf(rssm[t] <= 65536)
		printf "  --threads %s  startup <= 200 ms         %5d ms  %s\n", t, rdy[t], pf(rdy[t] <= 200)
		if (rb[t] + wb[t] > 0 || rs[t] != "-" || ws[t] != "-")
			printf "  --threads %s  NOT ALL 2xx: read %d non-2xx (%s), write %d non-2xx (%s)\n", t, rb[t], rs[t], wb[t], ws[t]
		else
			printf "  --threads %s  every answer 2xx          yes\n", t
	}
}' "$TMP/results"
