#!/usr/bin/env bash
# The README's test command: installs what the tests need, then runs the whole suite.
#  - Debian packages graphviz (dot) and chromium (the HTML report's browser test), via apt-get when root;
#  - Python dependencies into ./.venv (archgov itself editable, plus its test extras).
# Extra arguments go to pytest, e.g. `bash .ci/test.sh -k compose -x`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: missing ${missing[*]}; install them (apt-get install ${missing[*]}) or tests that need them are skipped" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

# The project guards its own layering (cli -> pipeline -> config -> report|engine|ingest -> analysis -> model).
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest "$@"
