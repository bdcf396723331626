#!/bin/sh
# Migrates an empty database and compares its schema with the golden file
# (openradtool's golden files, STYLE §5). Usage:
#   tools/check-schema.sh BIN sqlite      (needs the sqlite3 CLI)
#   tools/check-schema.sh BIN pg          (inside tools/with-pg.sh)
#   add --update to rewrite the golden file after an intended change.
set -eu
BIN=$1 KIND=$2 UPDATE=${3:-}
cd "$(dirname "$0")/.."
GOLD=tests/golden/schema.$KIND.sql
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ "$KIND" = sqlite ]; then
	"$BIN" migrate --db "sqlite:$TMP/s.db" >/dev/null
	sqlite3 "$TMP/s.db" .schema > "$TMP/schema"
else
	PSQL="${MAILLAGE_TEST_PG_BIN:+$MAILLAGE_TEST_PG_BIN/}psql"
	DUMP="${MAILLAGE_TEST_PG_BIN:+$MAILLAGE_TEST_PG_BIN/}pg_dump"
	"$PSQL" "$MAILLAGE_TEST_PG" -q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS golden" -c "CREATE DATABASE golden"
	URL=$(echo "$MAILLAGE_TEST_PG" | sed 's#/[^/]*$#/golden#')
	"$BIN" migrate --db "$URL" >/dev/null
	"$DUMP" --schema-only --no-owner --no-privileges "$URL" |
	    grep -v '^--' | grep -v '^SET ' | grep -v '^SELECT pg_catalog' |
	    grep -v '^$' | grep -v '^.restrict' | grep -v '^.unrestrict' > "$TMP/schema"
	"$PSQL" "$MAILLAGE_TEST_PG" -q -c "DROP DATABASE golden"
fi
if [ "$UPDATE" = --update ]; then
	cp "$TMP/schema" "$GOLD"
	echo "check-schema: $GOLD updated"
	exit 0
fi
if ! diff -u "$GOLD" "$TMP/schema"; then
	echo "check-schema: $KIND schema differs from $GOLD (a migration changed it?"
	echo "  run: sh tools/check-schema.sh $BIN $KIND --update, and review the diff)"
	exit 1
fi
echo "check-schema: $KIND ok"
