#!/usr/bin/env bash
# Policy Desk developer entry point. Two commands (see README):
#   ./dev.sh serve   set up, then serve the site at http://127.0.0.1:8000/
#   ./dev.sh test    set up (Chromium too), then run every test
# Setup is idempotent: it installs only what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1

need_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  need_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq "$@" >/dev/null
}

setup_node() {
  command -v npm >/dev/null || apt_install nodejs npm
  # node_modules holds the pinned browser runtime; reinstall when the lock file changes.
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.policy-desk-lock; then
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.policy-desk-lock
  fi
}

setup_python() {
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "Python >= 3.11 is required (found $(python3 --version))" >&2; exit 1; }
  [ -x .venv/bin/python ] || python3 -m venv .venv
  if ! cmp -s requirements.txt .venv/.policy-desk-requirements; then
    .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
    cp requirements.txt .venv/.policy-desk-requirements
  fi
}

setup_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

case "${1:-}" in
  serve)
    setup_python
    setup_node
    exec .venv/bin/python -m mkdocs serve --strict -a "${POLICY_DESK_ADDRESS:-127.0.0.1:8000}"
    ;;
  test)
    setup_python
    setup_node
    setup_chromium
    shift
    status=0
    .venv/bin/python -m pytest "$@" || status=$?
    # pytest exits 5 when it collected no tests: that is a failure here, not a pass.
    [ "$status" = 5 ] && echo "no tests were collected" >&2
    exit "$status"
    ;;
  *)
    echo "usage: ./dev.sh serve | ./dev.sh test [pytest args]" >&2
    exit 2
    ;;
esac
