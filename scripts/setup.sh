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
else
  .venv/bin/pip install --quiet -e .
fi
echo "Klart: .venv är installerad."
