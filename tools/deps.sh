#!/bin/sh
# Installs what Maillage needs on Debian 12 when it is missing:
#   build: gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
#          libical-dev tzdata (visits: RRULE, Europe/Paris), libqrencode-dev
#          libpq-dev libsodium-dev zlib1g-dev john-data (common-password list)
#          nodejs (tools/web-build.mjs embeds web/)
#   tests: libcmocka-dev postgresql chromium npm sqlite3 (+ npm ci)
# Nothing is downloaded outside Debian's packages and the npm registry.
set -eu
cd "$(dirname "$0")/.."
BUILD="gcc make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev libsodium-dev libical-dev tzdata zlib1g-dev libqrencode-dev john-data"
TEST="libcmocka-dev postgresql sqlite3 chromium fonts-dejavu-core procps curl clang-format"
missing=""
for p in $BUILD $TEST; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends $missing
fi
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi
