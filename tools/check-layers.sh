#!/bin/sh
# Layers, contexts and symbol prefixes (STYLE §1-2, docs/ARCHITECTURE.md
# "Code grouped by context"). Every file under src/, at any depth.
#
# 1. Layers (A <- B: B may include A):
#      base <- json, db, http <- auth, access, audit <- domain <- api <- main
#    Project includes are written from src/ ("db/db.h"); only base/ files
#    include each other by name. Only db/ includes sqlite3.h or libpq-fe.h;
#    http/ never includes domain/ or api/; domain/ never includes http/.
# 2. Contexts: src/{domain,api,db}/<context>/. A file of context C may
#    include a header of context D when D = C or D is below C:
#      directory <- platform <- record <- volet2, coordination, oncall,
#      volet1 <- steering;   interop may include every other context;
#    nothing includes steering or interop; peers (volet2, coordination,
#    oncall, volet1) do not include each other. seed may include every
#    context and only cli.c / main.c include seed. Files at the root of
#    domain/ (text) are the shared kernel: any context includes them, they
#    include no context. Files at the root of api/ (api.c, api_meta.c)
#    assemble every context: they include any context but seed.
# 3. src/api/ makes no statement call (db_stmt, db_bind_*, db_step,
#    db_col_*) and writes no trace (audit_*): that happens behind a domain,
#    access or audit function.
# 4. Each context writes only its own tables: a write statement (INSERT,
#    UPDATE, DELETE) of src/db/<C>/q_*.def names a table no other context's
#    statement writes, and only src/domain/<C>/ (or seed) uses it. The
#    write statements of src/db/q_*.def (sessions, access rules, trace,
#    schema) are used by no context: they belong to auth, access, audit, db.
# 5. Only src/access/ builds or widens a grant (no other file writes a
#    field of a struct access_grant), and person trace rows carry the grant
#    kind access decided (no audit_add() with a literal grant kind outside
#    access/ and audit/; issue 9 §1).
# 6. Every exported symbol of F.c starts with F's prefix (nm over the
#    objects in $1/obj).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
bad=0
fail() { echo "check-layers: $*"; bad=1; }

level() {
	case $1 in
	base) echo 0 ;; json|db|http) echo 1 ;; auth|access|audit) echo 2 ;;
	domain) echo 3 ;; api) echo 4 ;; *) echo 5 ;;
	esac
}
# Layer and context of a path relative to src/: "domain record",
# "api -" (root of api/), "cli -" (src/cli.c).
where() {
	case $1 in
	*/*/*) echo "${1%%/*} $(echo "$1" | cut -d/ -f2)" ;;
	*/*) echo "${1%%/*} -" ;;
	*) echo "top -" ;;
	esac
}
rank() {
	case $1 in
	-) echo 0 ;; directory) echo 1 ;; platform) echo 2 ;; record) echo 3 ;;
	volet2|coordination|oncall|volet1) echo 4 ;; steering) echo 5 ;;
	interop) echo 6 ;; seed) echo 7 ;; *) echo 99 ;;
	esac
}
# ctx_ok FROM_LAYER FROM_CTX TO_CTX: may a file of FROM_CTX include TO_CTX?
ctx_ok() {
	[ "$3" = - ] && return 0
	[ "$2" = "$3" ] && return 0
	[ "$1" = top ] && return 0
	case $3 in seed|steering|interop) return 1 ;; esac
	case $2 in
	seed|interop) return 0 ;;
	-) [ "$1" = api ] && return 0; return 1 ;;
	esac
	rf=$(rank "$2"); rt=$(rank "$3")
	[ "$rf" -eq 99 ] && return 1
	[ "$rt" -lt "$rf" ] && [ "$rt" -ne 4 -o "$rf" -ne 4 ]
}

FILES=$(find src -name '*.[ch]' | sort)
for f in $FILES; do
	rel=${f#src/}
	set -- $(where "$rel"); layer=$1; ctx=$2
	case $ctx in *.c|*.h) ctx=- ;; esac
	if [ "$layer" != top ] && [ "$layer" != base ] && [ "$ctx" != - ] &&
	    [ "$(rank "$ctx")" -eq 99 ]; then
		fail "$f: unknown context '$ctx' (see docs/ARCHITECTURE.md)"
	fi
	lf=$(level "$layer")
	for inc in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		*../*|./*)
			fail "$f: include \"$inc\" is relative; write it from src/"
			continue ;;
		*/*) ;;
		*)	# by name: base/ among itself, cli.h from src/.
			if [ "$layer" != base ] && [ ! -f "src/$inc" ]; then
				fail "$f: include \"$inc\" must be written from src/"
			fi
			continue ;;
		esac
		if [ ! -f "src/$inc" ]; then
			fail "$f: include \"$inc\" names no file under src/"
			continue
		fi
		set -- $(where "$inc"); il=$1; ic=$2
		case $ic in *.h) ic=- ;; esac
		li=$(level "$il")
		if [ "$li" -gt "$lf" ]; then
			fail "$f ($layer) includes $inc (higher layer)"
		fi
		if [ "$layer" = domain ] && [ "$il" = http ]; then
			fail "$f: domain/ must not include http/"
		fi
		if [ "$layer" = http ] && { [ "$il" = domain ] || [ "$il" = api ]; }; then
			fail "$f: http/ must not include $il/"
		fi
		if ! ctx_ok "$layer" "$ctx" "$ic"; then
			fail "$f (context $ctx) includes $inc (context $ic; - is the root)"
		fi
	done
	if grep -qE '#include <(sqlite3|libpq-fe)\.h>' "$f" && [ "$layer" != db ]; then
		fail "$f includes a database client header outside db/"
	fi
done

# 3. No statement call and no trace write from api/ (no exception: the
# login flow traces through auth/login.c, account administration through
# domain/platform/user.c; docs/ARCHITECTURE.md "Code grouped by context").
hits=$(grep -nE '(^|[^a-z_0-9])(db_stmt|db_bind_[a-z0-9_]*|db_step|db_col_[a-z0-9_]*|audit_add|audit_flush|audit_discard|audit_batch_[a-z_]*|audit_rekey|audit_checkpoint[a-z_]*)[[:space:]]*\(' \
    $(find src/api -name '*.c' | sort) | grep -vE ':[0-9]+:[[:space:]]*(/?\*|//)')
[ -n "$hits" ] && fail "statement call or trace write in src/api/ (move it behind a domain, access or audit function):
$hits"

# 4. Table ownership. One line per write statement: "ctx Q_NAME table".
# A statement is a Q(NAME, "sql", pg) line of a .def file (db/q.h).
writes=$(for q in $(find src/db -name 'q_*.def' | sort); do
	c=$(echo "$q" | cut -d/ -f3)
	case $c in *.def) c=- ;; esac	# root: auth, access, audit, db
	awk -v c="$c" '
	{ text = text "\n" $0 }
	END {
		n = split(text, part, /\nQ\(/)
		for (i = 2; i <= n; i++) {
			name = part[i]; sub(/[,)].*/, "", name)
			s = part[i]; sub(/^[^"]*"/, "", s)
			if (match(s, /^(INSERT INTO|UPDATE|DELETE FROM) [a-z_]+/)) {
				t = substr(s, RSTART, RLENGTH); sub(/.* /, "", t)
				print c, "Q_" name, t
			}
		}
	}' "$q"
done)
dup=$(echo "$writes" | awk 'NF == 3 { if (($3 in o) && o[$3] != $1)
	print $3 " written by " o[$3] " and " $1; o[$3] = $1 }')
[ -n "$dup" ] && fail "a table is written by two contexts:
$dup"
for f in $(find src/domain src/api -mindepth 2 -name '*.c' | sort); do
	c=$(echo "$f" | cut -d/ -f3)
	[ "$c" = seed ] && continue
	for s in $(grep -oE '\bQ_[A-Z0-9_]+' "$f" | sort -u); do
		owner=$(echo "$writes" | awk -v s="$s" '$2 == s { print $1 " " $3 }')
		[ -z "$owner" ] && continue
		set -- $owner
		[ "$1" = "$c" ] && continue
		if [ "$1" = - ]; then
			fail "$f ($c) writes $2 with $s: call the auth, access or audit function"
		else
			fail "$f ($c) writes $2 with $s (context $1): call a function of domain/$1/"
		fi
	done
done

# 5. Issue 9 §1: only src/access/ builds or widens a grant (no other file
# writes a field of a struct access_grant), and person trace rows carry the
# grant kind the access module decided (no audit_add() with a literal
# "normal" / "breakglass" / "denied" outside access/ and audit/).
for f in $(find src -name "*.c" ! -path "src/db/migrations/*" | sort); do
	case $f in src/access/*|src/audit/*) continue ;; esac
	for n in $(grep -oE 'struct access_grant[[:space:]]+\*?[[:space:]]*[a-z_]+' "$f" |
	    awk '{print $NF}' | tr -d '*' | sort -u); do
		if grep -nE "(^|[^a-z_])$n(\.|->)(person_id|kind|read|write)[[:space:]]*([|&^+-]?=[^=])|memset\(&?$n[,)]" "$f"; then
			fail "$f writes grant '$n' (only src/access/ builds grants)"
		fi
	done
	if awk '/audit_add\(/ { s = ""; on = 1 } on { s = s $0 } on && /;/ {
	    if (s ~ /"(normal|breakglass|denied)"/) { print FILENAME ":" FNR ": " s; hit = 1 }
	    on = 0 } END { exit !hit }' "$f"; then
		fail "$f traces a literal grant kind (use access_list_row / access_trace_write)"
	fi
done

# 6. Exported symbol prefixes.
prefix_of() {
	case $1 in
	xalloc) echo "x" ;; server) echo "http_ req_ route_" ;;
	db_sqlite) echo "db_sqlite_" ;; db_pg) echo "db_pg_" ;;
	q|q_*) echo "q_" ;; api|api_*) echo "api_" ;; main) echo "main" ;;
	*) echo "${1}_" ;;
	esac
}
if [ -n "${CHECK_LAYERS_NO_NM:-}" ]; then
	:	# tools/check-layers-selftest.sh: checked once on the clean tree
elif [ -d "$BUILD/obj" ]; then
	for o in $(find "$BUILD/obj" -name '*.o' ! -path '*/gen/*' | sort); do
		# Only objects of a source that still exists (moved files leave
		# their old object behind until make clean).
		src=src/${o#"$BUILD"/obj/}; src=${src%.o}.c
		[ -f "$src" ] || continue
		name=$(basename "$o" .o)
		pfx=$(prefix_of "$name")
		for sym in $(nm -g --defined-only "$o" | awk '{print $3}' |
		    grep -v '^__odr_asan\.\|^__asan\|^__ubsan\|^__sancov'); do
			ok=0
			for p in $pfx; do
				case $sym in "$p"*) ok=1 ;; esac
			done
			if [ $ok -eq 0 ]; then
				fail "$o exports '$sym' without prefix '$pfx'"
			fi
		done
	done
else
	fail "no $BUILD/obj: build first (the prefix check reads the objects)"
fi
[ $bad -eq 0 ] && echo "check-layers: ok"
exit $bad
