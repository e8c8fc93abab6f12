#!/usr/bin/env bash
# The whole test suite: lint, types, tests. Reads the official list files from ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check caspian tests bench scripts
.venv/bin/mypy
exec .venv/bin/pytest -q "$@"
