#!/usr/bin/env bash
# Run a command (the test suite) with a PostgreSQL test server: the one PLANNER_TEST_PG_URL
# names, else a throw-away one started here (.ci/pg.sh) and stopped afterwards, whatever
# happens. Without PostgreSQL on the machine the command runs anyway: the PostgreSQL tests
# then skip with a reason, or fail under CI=true (.ci/run installs it first).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -n "${PLANNER_TEST_PG_URL:-}" ]; then
    exec "$@"
fi
source .ci/pg.sh
trap pg_stop EXIT
trap 'exit 130' INT TERM HUP  # so that the EXIT trap stops the server then too
started=$(date +%s.%N)
if pg_bindir >/dev/null && pg_start; then
    echo "PostgreSQL test server up in $(python3 -c "import time; print(f'{time.time() - $started:.1f}')") s" >&2
else
    echo "No PostgreSQL test server: its tests will skip (or fail with CI=true)" >&2
    [ -n "${PG_TMP:-}" ] && [ -f "$PG_TMP/server.log" ] && tail -n 20 "$PG_TMP/server.log" >&2
fi
"$@"
