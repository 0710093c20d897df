#!/bin/sh
# Run the pg_regress and isolation suites, the dump/restore, set-plan and
# upgrade checks in a throwaway cluster; print the diffs and fail when
# anything fails.
set -eu
cd "$(dirname "$0")/.."
rm -f regression.diffs tests/isolation/output/regression.diffs
status=0
sh tests/with-cluster.sh sh -c \
	'make --no-print-directory installcheck && sh tests/dump-restore.sh && sh tests/set-plan.sh && sh tests/upgrade.sh' || status=$?
if [ "$status" -ne 0 ]; then
	for diffs in regression.diffs tests/isolation/output/regression.diffs; do
		[ -f "$diffs" ] && cat "$diffs"
	done
fi
exit "$status"
