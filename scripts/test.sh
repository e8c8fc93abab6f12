#!/usr/bin/env bash
# The whole test suite: lint, types, tests. Reads the official list files from ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The report's browser test drives Debian's chromium; install it where apt can.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "chromium could not be installed: the browser test will be skipped" >&2
fi
.venv/bin/ruff check caspian tests bench scripts
.venv/bin/mypy
exec .venv/bin/pytest -q "$@"
