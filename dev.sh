#!/usr/bin/env bash
# Policy Desk developer entry point. Two commands (see README):
#   ./dev.sh serve   set up, then serve the site at http://127.0.0.1:8000/
#   ./dev.sh test    set up (Chromium, nginx, Apache too), then run every test
# and, for the web team (README "Publishing"):
#   ./dev.sh publish DIR --base-url URL   build, check and publish into DIR
#   ./dev.sh rollback DIR | switch DIR BUILD   change which kept build is live
#   ./dev.sh check URL                    check a live site's files and headers
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

setup_web_servers() {
  # tests/test_publish_servers.py runs the generated configurations on the real servers.
  # Each test starts its own server process on a loopback port: the system services are
  # neither needed nor started here (policy-rc.d says so to the packages' install scripts).
  [ -x /usr/sbin/nginx ] && [ -x /usr/sbin/apache2 ] \
    && [ -f /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] && return
  local guard=/usr/sbin/policy-rc.d added=
  if [ ! -e "$guard" ]; then
    printf '#!/bin/sh\nexit 101\n' | need_root tee "$guard" >/dev/null
    need_root chmod +x "$guard"
    added=1
  fi
  apt_install nginx libnginx-mod-http-brotli-filter apache2 || { [ -n "$added" ] && need_root rm -f "$guard"; exit 1; }
  [ -n "$added" ] && need_root rm -f "$guard"
  return 0
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
    setup_web_servers
    shift
    status=0
    # One test process per core (pytest-xdist): the browser tests spend most of their time
    # waiting, so two processes on two cores take ~250 s where one takes ~350 s.
    .venv/bin/python -m pytest -n auto "$@" || status=$?
    # pytest exits 5 when it collected no tests: that is a failure here, not a pass.
    [ "$status" = 5 ] && echo "no tests were collected" >&2
    exit "$status"
    ;;
  publish|rollback|switch)
    command=$1
    shift
    setup_python
    setup_node
    case "$command" in
      rollback) set -- "$@" --rollback ;;
      switch) [ $# -eq 2 ] || { echo "usage: ./dev.sh switch DIR BUILD" >&2; exit 2; }
              set -- "$1" --switch "$2" ;;
    esac
    exec .venv/bin/python -m build_scripts.publish "$@"
    ;;
  check)
    shift
    setup_python
    exec .venv/bin/python -m build_scripts.live_check "$@"
    ;;
  *)
    echo "usage: ./dev.sh serve | test [pytest args] | publish DIR --base-url URL [options]" \
         "| rollback DIR | switch DIR BUILD | check URL" >&2
    exit 2
    ;;
esac
