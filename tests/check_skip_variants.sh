#!/bin/sh
# Run the regression suites as a machine without ../shared would: from a
# copy of sql/ and expected/ in a directory that has no ../shared, against
# the installed extension on an existing server (PGHOST/PGPORT), so the
# skip variants (*_1.out) are exercised.  Not part of `make test`.
#   sh tests/check_skip_variants.sh [suite...]   (default: every REGRESS suite)
set -eu
cd "$(dirname "$0")/.."
suites=${*:-$(sed -n '/^REGRESS *=/,/[^\\]$/p' Makefile | sed 's/^REGRESS *=//; s/\\//g')}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/project/extension" "$tmp/project/results" "$tmp/out"
cp -r sql expected "$tmp/project/"
cp extension/care-import "$tmp/project/extension/"
exec 9>"${TMPDIR:-/tmp}/care-install.lock"
flock 9
make --no-print-directory install >/dev/null
cd "$tmp/project"
"$(pg_config --pgxs | sed 's|/src/makefiles/pgxs.mk||')/src/test/regress/pg_regress" \
	--inputdir=. --outputdir="$tmp/out" --dbname=care_skip_variants --encoding=UTF8 \
	$suites || { cat "$tmp/out/regression.diffs"; exit 1; }
