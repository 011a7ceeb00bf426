#!/usr/bin/env bash
# The test command: runs the whole pytest suite against SQLite and then against PostgreSQL.
#
#   bash scripts/test.sh              # everything
#   bash scripts/test.sh -k region    # extra arguments go to pytest (both runs)
#
# Creates .venv when it is missing, installs requirements.txt, starts PostgreSQL and Redis with
# scripts/services.sh, and exports REDIS_URL (Redis database 15) so that tests marked
# celery_worker can start a real Celery worker. Exits non-zero when either run fails, including
# when no tests were collected.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x .venv/bin/python ]; then
    echo "test.sh: creating .venv" >&2
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
bash scripts/system-packages.sh  # pango and a Chinese font for the PDF reports

if ! services_out="$(bash scripts/services.sh)"; then
    echo "test.sh: scripts/services.sh failed; PostgreSQL and Redis are needed for the tests" >&2
    exit 1
fi
pg_url="$(printf '%s\n' "$services_out" | tail -n 1)"
[ -n "$pg_url" ] || {
    echo "test.sh: scripts/services.sh printed no DATABASE_URL" >&2
    exit 1
}

export REDIS_URL="redis://127.0.0.1:6379/15"

run_pytest() { # $1: label, $2: DATABASE_URL (empty = SQLite), rest: pytest arguments
    local label="$1" url="$2"
    shift 2
    echo "==== $label ===="
    local rc=0
    if [ -n "$url" ]; then
        DATABASE_URL="$url" .venv/bin/python -m pytest "$@" || rc=$?
    else
        env -u DATABASE_URL .venv/bin/python -m pytest "$@" || rc=$?
    fi
    return "$rc"
}

status=0
sqlite_rc=0
postgres_rc=0
run_pytest "SQLite" "" "$@" || sqlite_rc=$?
run_pytest "PostgreSQL" "$pg_url" "$@" || postgres_rc=$?

report() { # $1: label, $2: pytest exit code
    case "$2" in
        0) echo "$1: passed" ;;
        5) echo "$1: FAILED (no tests collected)" ;;
        *) echo "$1: FAILED (pytest exit code $2)" ;;
    esac
}
echo
report "SQLite" "$sqlite_rc"
report "PostgreSQL" "$postgres_rc"
if [ "$sqlite_rc" -ne 0 ] || [ "$postgres_rc" -ne 0 ]; then
    status=1
fi
exit "$status"
