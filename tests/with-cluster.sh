#!/bin/sh
# Install care and run a command against a throwaway UTF-8 PostgreSQL 15
# cluster (pg_virtualenv sets PGHOST, PGPORT, PGUSER for it).  Extra server
# settings come from CLUSTER_OPTIONS, e.g. "shared_buffers=1GB".
set -eu
cd "$(dirname "$0")/.."

# One install + cluster at a time on this machine: installing replaces the
# shared care.so and scripts under the PostgreSQL tree.
exec 9>"${TMPDIR:-/tmp}/care-install.lock"
flock 9

make --no-print-directory install >/dev/null
set -- -t -v 15 -i '--encoding=UTF8 --locale=C.UTF-8' "$@"
for option in ${CLUSTER_OPTIONS:-}; do
	set -- -o "$option" "$@"
done
exec pg_virtualenv "$@"
