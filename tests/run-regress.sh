#!/bin/sh
# Install care and run the pg_regress suites against a throwaway UTF-8
# PostgreSQL 15 cluster; print the diffs and fail when a suite fails.
set -eu
cd "$(dirname "$0")/.."

# One install + regress at a time on this machine: installing replaces the
# shared care.so and scripts under the PostgreSQL tree.
exec 9>"${TMPDIR:-/tmp}/care-install.lock"
flock 9

make --no-print-directory install >/dev/null
rm -f regression.diffs
status=0
pg_virtualenv -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' \
	make --no-print-directory installcheck || status=$?
if [ "$status" -ne 0 ] && [ -f regression.diffs ]; then
	cat regression.diffs
fi
exit "$status"
