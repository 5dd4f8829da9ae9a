#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing.
# PostgreSQL: the tests start a throwaway server from its binaries.
# Chromium: the end-to-end tests of the web app run in it.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing ${need[*]}; install them (sudo apt-get install ${need[*]}) or set TEST_DATABASE_URL" >&2
	exit 1
fi
echo "install-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
