#!/bin/sh
# Install the Debian packages care needs to build and test, when missing.
# Runs as root, or through sudo; does nothing when all are present.
set -eu

packages="gcc libc6-dev make postgresql-15 postgresql-server-dev-15 flex bison check pkg-config"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "setup: not a Debian system; install by hand: $packages" >&2
	exit 0
fi

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "setup: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "setup: missing packages ($missing) and neither root nor sudo" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split
$sudo apt-get install -y -qq --no-install-recommends $missing
