#!/bin/sh
# Runs a command against a throwaway PostgreSQL 15 cluster on 127.0.0.1,
# started as the unprivileged `postgres` user (never root), and removed
# afterwards. The command gets MAILLAGE_TEST_PG=postgresql://... in its
# environment; each test creates its own database in that cluster.
set -eu
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
	echo "with-pg: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
	exit 1
fi
DIR=$(mktemp -d /tmp/maillage-pg.XXXXXX)
chmod 755 "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
cleanup() {
	as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$DIR"
}
trap cleanup EXIT INT TERM
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=on -c max_connections=200" start >/dev/null
export MAILLAGE_TEST_PG="postgresql://postgres@127.0.0.1:$PORT/postgres"
export MAILLAGE_TEST_PG_BIN="$BIN"
"$@"
