#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on the loopback interface, for tests and local runs.
#
#   DATABASE_URL=$(bash scripts/services.sh | tail -n 1)
#
# Installs the packages with apt-get when they are missing, starts them when they are stopped,
# waits until both answer, and makes sure the "postgres" role can log in over TCP on 127.0.0.1.
# Progress goes to stderr; the last line on stdout is the DATABASE_URL that was verified.
# Exits non-zero with a message when a service cannot be made to work. Needs root (or
# password-less sudo) only for installing and for starting PostgreSQL.
#
# Environment (all optional):
#   LAWGOV_PG_PASSWORD    password given to the postgres role when TCP logins need one (default: lawgov)
#   LAWGOV_SERVICES_WAIT  seconds to wait for each service to answer (default: 30)
#   LAWGOV_PG_PORT        port of the PostgreSQL cluster to use when there are several (default: 5432)
set -euo pipefail

PG_PASSWORD="${LAWGOV_PG_PASSWORD:-lawgov}"
WAIT_SECONDS="${LAWGOV_SERVICES_WAIT:-30}"
PG_WANTED_PORT="${LAWGOV_PG_PORT:-5432}"
PG_HOST=127.0.0.1
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

log() { echo "services: $*" >&2; }
die() {
    echo "services: ERROR: $*" >&2
    exit 1
}
# shellcheck source=as-root.sh
. "$(dirname "${BASH_SOURCE[0]}")/as-root.sh"

case "$PG_PASSWORD" in
    "" | *[!A-Za-z0-9_.-]*) die "LAWGOV_PG_PASSWORD may only contain letters, digits, '_', '.' and '-'" ;;
esac
case "$WAIT_SECONDS" in
    "" | *[!0-9]*) die "LAWGOV_SERVICES_WAIT must be a whole number of seconds" ;;
esac
case "$PG_WANTED_PORT" in
    "" | *[!0-9]*) die "LAWGOV_PG_PORT must be a port number" ;;
esac


# Run a command as the postgres system user (peer authentication over the Unix socket).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        (cd / && "$@")
    elif [ "$(id -u)" -eq 0 ] && have runuser; then
        (cd / && runuser -u postgres -- "$@")
    elif [ "$(id -u)" -eq 0 ]; then
        (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
    elif have sudo && sudo -n true 2>/dev/null; then
        (cd / && sudo -n -u postgres "$@")
    else
        die "cannot act as the postgres user to run: $*"
    fi
}

# Wait up to WAIT_SECONDS for a command to succeed.
wait_for() {
    local what="$1"
    shift
    local i
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    "$@" >/dev/null 2>&1 || die "$what did not answer within ${WAIT_SECONDS}s"
}

pg_server_installed() {
    have pg_ctlcluster && have pg_lsclusters && have pg_createcluster && have psql && have pg_isready &&
        compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null
}
redis_installed() { have redis-server && have redis-cli; }
redis_answers() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

# --- 1. install what is missing -------------------------------------------------------------
packages=()
pg_server_installed || packages+=(postgresql)
redis_installed || packages+=(redis-server)
if [ "${#packages[@]}" -gt 0 ]; then
    have apt-get || die "missing ${packages[*]} and apt-get is not available to install them"
    log "installing ${packages[*]} with apt-get"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2 ||
        die "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${packages[@]}" >&2 ||
        die "apt-get install ${packages[*]} failed"
    pg_server_installed || die "PostgreSQL is still not installed after apt-get install postgresql"
    redis_installed || die "Redis is still not installed after apt-get install redis-server"
fi

# --- 2. PostgreSQL: make sure a cluster exists and every cluster is running -------------------
if [ -z "$(pg_lsclusters --no-header 2>/dev/null)" ]; then
    pg_version="$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | sed -E 's#^/usr/lib/postgresql/([^/]+)/.*#\1#' | sort -V | tail -n 1)"
    log "no PostgreSQL cluster found; creating $pg_version/main on port $PG_WANTED_PORT"
    as_root pg_createcluster --port "$PG_WANTED_PORT" "$pg_version" main >&2 ||
        die "pg_createcluster $pg_version main failed"
fi

pg_port=""
while read -r ver name port status _owner _datadir logfile; do
    [ -n "$ver" ] || continue
    case "$status" in
        online*) ;;
        *)
            log "starting PostgreSQL cluster $ver/$name (port $port)"
            if ! as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2; then
                [ -r "$logfile" ] && tail -n 20 "$logfile" >&2
                die "could not start PostgreSQL cluster $ver/$name (log: $logfile)"
            fi
            ;;
    esac
    # Use the cluster on PG_WANTED_PORT when there is one, else the first cluster listed.
    if [ -z "$pg_port" ] || [ "$port" = "$PG_WANTED_PORT" ]; then
        pg_port="$port"
    fi
done < <(pg_lsclusters --no-header)
[ -n "$pg_port" ] || die "no PostgreSQL cluster is listed by pg_lsclusters"

wait_for "PostgreSQL on $PG_HOST:$pg_port" pg_isready -q -h "$PG_HOST" -p "$pg_port"
log "PostgreSQL answers on $PG_HOST:$pg_port"

# --- 3. Redis ---------------------------------------------------------------------------------
if ! redis_answers; then
    log "starting redis-server on $REDIS_HOST:$REDIS_PORT"
    redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no >&2 ||
        die "redis-server failed to start"
fi
wait_for "Redis on $REDIS_HOST:$REDIS_PORT" redis_answers
log "Redis answers on $REDIS_HOST:$REDIS_PORT"

# --- 4. a role that can log in over TCP and create the test database ---------------------------
pg_try() { # $1: password or empty
    if [ -n "$1" ]; then
        PGPASSWORD="$1" PGCONNECT_TIMEOUT=5 psql -X -w -q -A -t -h "$PG_HOST" -p "$pg_port" -U postgres -d postgres \
            -c "select rolsuper or rolcreatedb from pg_roles where rolname = current_user" 2>/dev/null
    else
        env -u PGPASSWORD PGCONNECT_TIMEOUT=5 psql -X -w -q -A -t -h "$PG_HOST" -p "$pg_port" -U postgres -d postgres \
            -c "select rolsuper or rolcreatedb from pg_roles where rolname = current_user" 2>/dev/null
    fi
}

if can_create="$(pg_try "")"; then
    database_url="postgres://postgres@$PG_HOST:$pg_port/postgres"
elif can_create="$(pg_try "$PG_PASSWORD")"; then
    database_url="postgres://postgres:$PG_PASSWORD@$PG_HOST:$pg_port/postgres"
else
    log "TCP login as postgres needs a password; setting it through the local socket"
    as_postgres psql -X -q -p "$pg_port" -d postgres -c "ALTER ROLE postgres WITH PASSWORD '$PG_PASSWORD'" >&2 ||
        die "could not set a password for the postgres role (psql over the Unix socket as user postgres failed)"
    if can_create="$(pg_try "$PG_PASSWORD")"; then
        database_url="postgres://postgres:$PG_PASSWORD@$PG_HOST:$pg_port/postgres"
    else
        die "cannot log in to PostgreSQL as postgres on $PG_HOST:$pg_port even with a password; check pg_hba.conf"
    fi
fi
[ "$can_create" = t ] || die "the postgres role cannot create databases (the tests need CREATEDB)"

log "PostgreSQL login verified"
echo "$database_url"
