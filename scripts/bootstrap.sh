#!/usr/bin/env bash
# Installs the portal's dependencies: a Python virtual environment in .venv and the
# front-end packages, then builds the CSS and JavaScript.
#   scripts/bootstrap.sh          runtime dependencies only
#   scripts/bootstrap.sh --dev    also the test and lint tools
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
requirements=requirements.txt
[ "${1:-}" = "--dev" ] && requirements=requirements-dev.txt

if [ ! -x .venv/bin/python ]; then
  echo "Creating the Python virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r "$requirements"

if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are needed to build the front end (apt-get install nodejs npm)." >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
