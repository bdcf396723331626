#!/bin/sh
# Proves tools/check-layers.sh fails on each kind of violation it claims to
# refuse: every case plants one line (or folder) in a copy of src/, runs
# the script on the copy and expects exit 1 with the given message. The
# clean copy must pass. Usage: check-layers-selftest.sh [BUILD]
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=$(cd "${1:-build}" 2>/dev/null && pwd) || {
	echo "check-layers-selftest: build first"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/tools"
cp tools/check-layers.sh "$tmp/tools/"
bad=0

fresh() { rm -rf "$tmp/src"; cp -R src "$tmp/src"; }
# The symbol-prefix part (nm) is the same for every case: checked once on
# the clean copy, skipped in the planted ones.
run() { sh "$tmp/tools/check-layers.sh" "$BUILD" >"$tmp/out" 2>&1; }

fresh
if ! run; then
	echo "check-layers-selftest: the clean tree fails:"; cat "$tmp/out"
	exit 1
fi
export CHECK_LAYERS_NO_NM=1
# case_ EXPECTED FILE LINE [FILE LINE]...: append each LINE to its FILE
# (relative to src/, created if new), then expect a refusal naming
# EXPECTED.
case_() {
	want=$1; shift
	fresh
	what=""
	while [ $# -ge 2 ]; do
		mkdir -p "$(dirname "$tmp/src/$1")"
		printf '%s\n' "$2" >>"$tmp/src/$1"
		what="$what $1 += $2;"
		shift 2
	done
	if run; then
		echo "check-layers-selftest: not refused:$what"; bad=1
	elif ! grep -qF -- "$want" "$tmp/out"; then
		echo "check-layers-selftest:$what expected '$want', got:"
		cat "$tmp/out"; bad=1
	fi
}
case_ 'includes domain/volet2/support.h (context volet2;' \
    domain/directory/org.c '#include "domain/volet2/support.h"'
case_ 'includes domain/seed/demo.h (context seed;' \
    domain/record/person.c '#include "domain/seed/demo.h"'
case_ 'includes domain/record/person.h (context record;' \
    domain/text.c '#include "domain/record/person.h"'
case_ 'includes domain/oncall/shift.h (context oncall' \
    domain/oncall/shift.h '/* An on-call shift. */' \
    domain/volet2/plan.c '#include "domain/oncall/shift.h"'
case_ 'includes domain/steering/board.h (context steering' \
    domain/steering/board.h '/* The board. */' \
    domain/volet2/plan.c '#include "domain/steering/board.h"'
case_ 'includes domain/interop/hl7.h (context interop' \
    domain/interop/hl7.h '/* HL7. */' \
    api/api_meta.c '#include "domain/interop/hl7.h"'
case_ "unknown context 'bogus'" domain/bogus/x.h '/* x */'
case_ 'is relative' domain/volet2/plan.c '#include "../record/person.h"'
case_ 'names no file' domain/volet2/plan.c '#include "domain/volet2/nope.h"'
case_ 'domain/ must not include http/' \
    domain/volet2/plan.c '#include "http/server.h"'
case_ 'http/ must not include api/' http/static.c '#include "api/api.h"'
case_ '(higher layer)' json/jv.c '#include "auth/session.h"'
case_ 'database client header' access/access.c '#include <sqlite3.h>'
case_ 'statement call' api/record/api_record.c \
    'static void x(struct ctx *c) { db_step(c, 0); }'
case_ 'trace write' api/volet2/api_support.c \
    'static void x(struct ctx *c) { audit_add(c, "a.b", 0, "", "-", "ok", ""); }'
case_ 'trace write' api/platform/api_session.c \
    'static void y(struct ctx *c) { audit_add(c, "auth.login", 0, "", "-", "ok", ""); }'
case_ 'trace write' api/platform/api_user.c \
    'static void y(struct ctx *c) { audit_add(c, "user.create", 0, "", "-", "ok", ""); }'
case_ 'writes support with Q_SUP_INSERT (context volet2)' \
    domain/record/dlu.c 'static const int x = Q_SUP_INSERT;'
case_ 'writes trace with Q_TRACE_INSERT' \
    domain/record/dlu.c 'static const int x = Q_TRACE_INSERT;'
case_ 'support written by record and volet2' \
    db/record/q_dlu.def 'Q(X, "UPDATE support SET a = 1", NULL)'
[ $bad -eq 0 ] && echo "check-layers-selftest: ok"
exit $bad
