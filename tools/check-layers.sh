#!/bin/sh
# Include direction and symbol prefixes (STYLE §1-2).
#   base ← json, db, http ← auth, access, audit ← domain ← api ← main
# Only db/ includes sqlite3.h or libpq-fe.h; http/ never includes domain/ or
# api/; domain/ never includes http/. Every exported symbol of src/X/F.c
# starts with F's prefix (nm over the objects in $1/obj). Only access/ builds
# grants or traces a person row with a grant kind (issue 9 §1).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
bad=0
level() {
	case $1 in
	base) echo 0 ;; json|db|http) echo 1 ;; auth|access|audit) echo 2 ;;
	domain) echo 3 ;; api) echo 4 ;; *) echo 5 ;;
	esac
}
for f in src/*/*.c src/*/*.h; do
	layer=$(basename "$(dirname "$f")")
	lf=$(level "$layer")
	for inc in $(grep -oE '#include "\.\./[a-z]+/' "$f" | sed 's|.*"\.\./||; s|/||'); do
		li=$(level "$inc")
		if [ "$li" -gt "$lf" ]; then
			echo "check-layers: $f ($layer) includes $inc/ (higher layer)"; bad=1
		fi
		if [ "$layer" = domain ] && [ "$inc" = http ]; then
			echo "check-layers: $f: domain/ must not include http/"; bad=1
		fi
		if [ "$layer" = http ] && { [ "$inc" = domain ] || [ "$inc" = api ]; }; then
			echo "check-layers: $f: http/ must not include $inc/"; bad=1
		fi
	done
	if grep -qE '#include <(sqlite3|libpq-fe)\.h>' "$f" && [ "$layer" != db ]; then
		echo "check-layers: $f includes a database client header outside db/"; bad=1
	fi
done
for f in src/*.c; do
	if grep -qE '#include <(sqlite3|libpq-fe)\.h>' "$f"; then
		echo "check-layers: $f includes a database client header outside db/"; bad=1
	fi
done
# Issue 9 §1: only src/access/ builds or widens a grant (no other file
# writes a field of a struct access_grant), and person trace rows carry the
# grant kind the access module decided (no audit_add() with a literal
# "normal" / "breakglass" / "denied" outside access/ and audit/).
for f in $(find src -name "*.c" ! -path "src/db/migrations/*"); do
	case $f in src/access/*|src/audit/*) continue ;; esac
	for n in $(grep -oE 'struct access_grant[[:space:]]+\*?[[:space:]]*[a-z_]+' "$f" |
	    awk '{print $NF}' | tr -d '*' | sort -u); do
		if grep -nE "(^|[^a-z_])$n(\.|->)(person_id|kind|read|write)[[:space:]]*([|&^+-]?=[^=])|memset\(&?$n[,)]" "$f"; then
			echo "check-layers: $f writes grant '$n' (only src/access/ builds grants)"; bad=1
		fi
	done
	if awk '/audit_add\(/ { s = ""; on = 1 } on { s = s $0 } on && /;/ {
	    if (s ~ /"(normal|breakglass|denied)"/) { print FILENAME ":" FNR ": " s; hit = 1 }
	    on = 0 } END { exit !hit }' "$f"; then
		echo "check-layers: $f traces a literal grant kind (use access_list_row / access_trace_write)"; bad=1
	fi
done
# Exported symbol prefixes.
prefix_of() {
	case $1 in
	xalloc) echo "x" ;; server) echo "http_ req_ route_" ;;
	db_sqlite) echo "db_sqlite_" ;; db_pg) echo "db_pg_" ;;
	q|q_*) echo "q_" ;; api|api_*) echo "api_" ;; main) echo "main" ;;
	*) echo "${1}_" ;;
	esac
}
if [ -d "$BUILD/obj" ]; then
	for o in $(find "$BUILD/obj" -name '*.o' ! -path '*/gen/*'); do
		name=$(basename "$o" .o)
		pfx=$(prefix_of "$name")
		for sym in $(nm -g --defined-only "$o" | awk '{print $3}' |
		    grep -v '^__odr_asan\.\|^__asan\|^__ubsan\|^__sancov'); do
			ok=0
			for p in $pfx; do
				case $sym in "$p"*) ok=1 ;; esac
			done
			if [ $ok -eq 0 ]; then
				echo "check-layers: $o exports '$sym' without prefix '$pfx'"; bad=1
			fi
		done
	done
fi
[ $bad -eq 0 ] && echo "check-layers: ok"
exit $bad
