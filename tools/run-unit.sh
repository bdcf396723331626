#!/bin/sh
# Runs each cmocka unit test binary; cmocka prints its summary on stderr.
set -u
fail=0
total=0
for t in "$@"; do
	total=$((total + 1))
	if ! "$t" 2>&1; then
		echo "unit: FAILED $t"
		fail=$((fail + 1))
	fi
done
echo "unit: $((total - fail)) passed, $fail failed"
[ $fail -eq 0 ]
