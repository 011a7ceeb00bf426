#!/usr/bin/env bash
# The demo command: installs what is needed, loads the demo data and starts the site.
#
#   bash scripts/demo.sh            # then open http://127.0.0.1:8000/admin/
#
# Runs on SQLite with Celery jobs in-process (no server needed). The admin login is printed
# before the server starts; set LAWGOV_DEMO_PASSWORD to choose the password. PORT changes the port.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
bash scripts/system-packages.sh  # pango and a Chinese font for the PDF reports
# The demo plan is 2021's: count evidence from 2021 on (the default period is the last three years).
export LAWGOV_GAP_PERIOD_START="${LAWGOV_GAP_PERIOD_START:-2021}"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_demo
echo "打开 http://127.0.0.1:${PORT:-8000}/admin/ 并用上面的账号登录（Ctrl+C 停止）"
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"
