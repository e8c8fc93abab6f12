#!/usr/bin/env bash
# Creates .venv and installs Caspian with its dev tools, once per pyproject.toml change.
# Needs only python3 (and apt, to add python3-venv where Debian left it out).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "python3 venv module missing; installing python3-venv with apt" >&2
    (apt-get update -qq && apt-get install -y -qq python3-venv) >&2
    python3 -m venv .venv
  fi
fi
stamp=".venv/.caspian-installed"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >&2
  .venv/bin/python -m pip install -q -e '.[dev,cjk]' >&2
  echo "$want" > "$stamp"
fi
