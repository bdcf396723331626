#!/bin/sh
# curl-style source checks (STYLE §2): banned calls and layer-specific bans.
# Exits 1 and lists every offending line.
set -u
cd "$(dirname "$0")/.." || exit 1
bad=0
report() { echo "checksrc: $1"; bad=1; }
# Every source at any depth (src/domain/<context>/...), sorted.
C_FILES=$(find src -name '*.c' | sort)
H_FILES=$(find src -name '*.h' | sort)
# Server code: everything but cli.c and main.c (they talk to the operator).
SERVER_C=$(echo "$C_FILES" | grep -v '^src/cli\.c$\|^src/main\.c$')

# Banned everywhere in src/ (word match, as a call).
for f in strcpy strcat sprintf vsprintf gets strtok atoi atol atoll strncpy \
    system popen rand; do
	hits=$(grep -nE "(^|[^a-z_0-9.>])$f[[:space:]]*\(" $C_FILES \
	    $H_FILES 2>/dev/null | grep -v '^\s*/\?\*')
	[ -n "$hits" ] && report "banned $f():
$hits"
done
# Raw allocation only in base/.
hits=$(grep -nE "(^|[^a-z_0-9])(malloc|free|realloc|calloc)[[:space:]]*\(" \
    $(echo "$C_FILES" | grep -v '^src/base/') | grep -v 'xfree\|sqlite3_free\|json_decref')
[ -n "$hits" ] && report "raw allocation outside src/base/:
$hits"
# No SQL execution by text outside migrations: sqlite3_exec / PQexec( banned.
hits=$(grep -nE "sqlite3_exec[[:space:]]*\(|PQexec[[:space:]]*\(" $C_FILES)
[ -n "$hits" ] && report "sqlite3_exec/PQexec outside db/migrate.c:
$hits"
# No printf in server code (cli.c and main.c talk to the operator).
hits=$(grep -nE "(^|[^a-z_])printf[[:space:]]*\(" $SERVER_C)
[ -n "$hits" ] && report "printf in server code:
$hits"
# Each .c opens with a comment saying what it owns (STYLE §8).
for f in $C_FILES; do
	head -c 2 "$f" | grep -q '/\*' || report "$f does not open with a comment"
done
# No trailing whitespace, no lines over 100 columns (tabs = 8).
hits=$(grep -nE '[[:space:]]+$' $C_FILES $H_FILES)
[ -n "$hits" ] && report "trailing whitespace:
$hits"
hits=$(expand -t 8 $C_FILES $H_FILES 2>/dev/null | awk 'length > 100' | head -5)
[ -n "$hits" ] && report "lines over 100 columns:
$hits"
[ $bad -eq 0 ] && echo "checksrc: ok"
exit $bad
