#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs the whole suite.
#  - Debian packages graphviz (dot), chromium (the HTML report's browser test) and prometheus
#    (promtool backfills, prometheus serves the runtime tests), via apt-get when root;
#  - Python dependencies into ./.venv at the versions locked in .ci/test-requirements.lock
#    (archgov itself editable, plus its test extras), so a new upstream release cannot turn CI red.
# ARCHGOV_DEPS=latest runs the same suite in ./.venv-latest against the newest releases instead,
# to see upstream breakage before users do.
# Extra arguments go to pytest, e.g. `bash .ci/test.sh -k compose -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -x /usr/bin/chromium ] || missing+=(chromium)
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || missing+=(prometheus)  # runtime tests
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    # the prometheus package would start its service: tests start their own server instead
    policy=/usr/sbin/policy-rc.d; own_policy=
    [ -e "$policy" ] || { printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ -z "$own_policy" ] || rm -f "$policy"
  else
    echo "warning: missing ${missing[*]}; install them (apt-get install ${missing[*]}) or tests that need them are skipped" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
pip_quiet() { grep -v "^WARNING: Location '" || true; }  # this machine's pip config names absent local indexes
case "${ARCHGOV_DEPS:-locked}" in
  locked)
    VENV=.venv
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
      -c .ci/test-requirements.lock -e ".[test]" 2>&1 | pip_quiet ;;
  latest)
    VENV=.venv-latest
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade \
      --upgrade-strategy eager -e ".[test]" 2>&1 | pip_quiet
    "$VENV/bin/python" -m pip list --format=freeze 2>/dev/null | pip_quiet > "$VENV/versions.txt"
    echo "testing against the newest releases (list: $VENV/versions.txt)" ;;
  *)
    echo "archgov: error: ARCHGOV_DEPS must be 'locked' or 'latest' (got '${ARCHGOV_DEPS}')" >&2
    exit 2 ;;
esac

# The project guards its own layering (cli -> pipeline -> config -> report|engine|ingest -> analysis -> model).
"$VENV/bin/lint-imports" --no-cache
exec "$VENV/bin/python" -m pytest "$@"
