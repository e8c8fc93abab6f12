#!/usr/bin/env bash
# The main job on the embedded data, no network needed: screen the example order book.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/caspian demo "$@"
