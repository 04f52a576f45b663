# Throw-away PostgreSQL cluster for the tests (sourced by .ci/run; usable by hand too):
#   source .ci/pg.sh && pg_start && echo "$PLANNER_TEST_PG_URL" ... pg_stop
# The server refuses to run as root, so when we are root it runs as the `postgres` user
# that the Debian package creates. It listens on 127.0.0.1 only, on a free port, with its
# socket and data in a private temporary folder, so a packaged cluster is never touched.

pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

pg_install_if_missing() {
    pg_bindir >/dev/null && return 0
    echo "PostgreSQL: installing the Debian packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    pg_bindir >/dev/null
}

pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
    local bin port tries
    bin=$(pg_bindir) || { echo "PostgreSQL: initdb not found" >&2; return 1; }
    PG_TMP=$(mktemp -d /tmp/planner-pg.XXXXXX)
    mkdir -p "$PG_TMP/sock"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_TMP"
    chmod 700 "$PG_TMP"
    _pg_as_owner "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
        || { cat "$PG_TMP/initdb.log" >&2; return 1; }
    # A test cluster: durability traded for speed (it is deleted afterwards).
    cat >>"$PG_TMP/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
CONF
    for tries in 1 2 3; do
        port=$(pg_free_port)
        PG_BIN=$bin
        if _pg_as_owner "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
                -o "-p $port" start >/dev/null; then
            break
        fi
        port=""
        echo "PostgreSQL: start on a free port failed (try $tries); server log:" >&2
        tail -n 5 "$PG_TMP/server.log" >&2
    done
    [ -n "$port" ] || return 1
    # pg_ctl -w already waits; pg_isready confirms the TCP listener answers.
    for tries in $(seq 1 60); do
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
        sleep 0.5
    done
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" || { echo "PostgreSQL: not ready" >&2; return 1; }
    PG_PORT=$port
    export PLANNER_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL: test server on 127.0.0.1:$port ($PG_TMP)" >&2
}

pg_stop() {
    [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ] || return 0
    if [ -f "$PG_TMP/data/postmaster.pid" ]; then
        _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
            # pg_ctl could not stop it: signal the postmaster we started, by its own pid.
            local pid
            pid=$(head -n 1 "$PG_TMP/data/postmaster.pid" 2>/dev/null)
            [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
        }
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
}
