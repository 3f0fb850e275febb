#!/usr/bin/env bash
# Set up .venv with everything the app needs; with --test also what the tests need.
# Usage: bash scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

if [ "${1:-}" = "--test" ]; then
  # torch is pinned in the [st] extra and installed in this same command, so
  # pip takes the CPU build instead of a multi-GB CUDA one.
  .venv/bin/pip install --quiet -e ".[st,test]"
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    # Browser tests drive Debian's chromium; no tool downloads its own browser.
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  # the tests' PostgreSQL: pgvector rebuilt when the wheel's needs AVX-512
  bash scripts/pgvector_portable.sh
  # axe-core, injected by the browser tests (tests/browser/test_browser_reader.py) to
  # check accessibility; into git-ignored tests/.node/, never globally.
  if command -v npm >/dev/null 2>&1; then
    if [ ! -f tests/.node/node_modules/axe-core/axe.min.js ]; then
      mkdir -p tests/.node
      npm install --silent --no-audit --no-fund --no-save --prefix tests/.node axe-core@4 >/dev/null
    fi
  else
    echo "npm saknas: accessibilitetstesterna (axe-core) hoppas över. Installera npm och kör igen." >&2
  fi
else
  .venv/bin/pip install --quiet -e .
fi
echo "Klart: .venv är installerad."
