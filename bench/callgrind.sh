#!/bin/sh
# Exact instruction counts per request (not a test; see docs/PERFORMANCE.md).
# usage: sh bench/callgrind.sh [build/maillage] [read|write]   N=2000
# Seeds a demo database, runs the server under callgrind (--threads 2),
# zeroes the counters after login, sends N sequential GET (read) or PATCH
# (write) of person 1, dumps, and prints the instructions per request.
set -eu
BIN=$(readlink -f "${1:-build/maillage}")
MODE=${2:-read}
N=${N:-2000}
cd "$(dirname "$0")/.."
D=$(mktemp -d)
PORT=$((20000 + $$ % 10000))
"$BIN" demo --db "sqlite:$D/db" > /dev/null 2>&1
valgrind --tool=callgrind --callgrind-out-file="$D/cg" "$BIN" serve \
    --db "sqlite:$D/db" --allow-local-key --listen "127.0.0.1:$PORT" \
    --threads 2 > "$D/log" 2>&1 &
VPID=$!
for i in $(seq 1 100); do
	curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
	sleep 0.3
done
RESP=$(curl -s -i -X POST -H 'content-type: application/json' \
    -d '{"login":"coordination","password":"maillage-demo"}' \
    "http://127.0.0.1:$PORT/api/v1/session")
COOKIE=$(echo "$RESP" | grep -i '^set-cookie' | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
CSRF=$(echo "$RESP" | tail -1 | sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
callgrind_control -z "$VPID" > /dev/null
BASE="http://127.0.0.1:$PORT" COOKIE="$COOKIE" CSRF="$CSRF" MODE="$MODE" N="$N" node -e '
const { BASE, COOKIE, CSRF, MODE } = process.env;
const n = Number(process.env.N);
(async () => {
  for (let i = 0; i < n; i++) {
    const write = MODE === "write";
    const r = await fetch(BASE + "/api/v1/persons/1", write ? { method: "PATCH",
      headers: { cookie: COOKIE, "x-csrf-token": CSRF, "content-type": "application/json" },
      body: JSON.stringify({ data: { soins: "bench " + i } }) } : { headers: { cookie: COOKIE } });
    await r.text();
    if (r.status !== 200) throw new Error("HTTP " + r.status);
  }
})().catch((e) => { console.error(e); process.exit(1); });'
callgrind_control -d "$VPID" > /dev/null
sleep 1
kill "$VPID"
wait "$VPID" 2> /dev/null || true
TOTAL=$(callgrind_annotate "$D/cg.1" 2> /dev/null | grep -m1 'PROGRAM TOTALS' | awk '{print $1}' | tr -d ,)
echo "$MODE: $N requests, $TOTAL instructions, $((TOTAL / N)) per request"
[ -n "${KEEP:-}" ] && cp "$D/cg.1" "$KEEP"
rm -rf "$D"
