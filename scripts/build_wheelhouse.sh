#!/usr/bin/env bash
# Build a wheelhouse on a CONNECTED machine, to install the warehouse on an air-gapped server.
#
#   scripts/build_wheelhouse.sh [OUT_DIR]        (default: dist/wheelhouse)
#
# It writes OUT_DIR/requirements.txt (the locked versions, with hashes) and every wheel they need for
# this platform and Python, plus the build backend. Copy OUT_DIR and the repository checkout to the
# server; there, in the checkout (no network), install the project in place, since it runs from its
# folder (dbt project, seeds, deploy files):
#
#   python3 -m venv .venv
#   .venv/bin/pip install --no-index --find-links OUT_DIR -r OUT_DIR/requirements.txt
#   .venv/bin/pip install --no-index --find-links OUT_DIR hatchling editables
#   .venv/bin/pip install --no-index --no-deps --no-build-isolation -e .
#   .venv/bin/osh prepare && .venv/bin/osh run
#
# Build it on the same OS, CPU architecture and Python minor version as the server.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-dist/wheelhouse}"
mkdir -p "$out"
python3 -m uv export --frozen --no-dev --no-emit-project --format requirements-txt > "$out/requirements.txt"
python3 -m uv run --frozen --no-dev --with pip python -m pip download --only-binary=:all: \
    --dest "$out" --requirement "$out/requirements.txt"
python3 -m uv run --frozen --no-dev --with pip python -m pip download --only-binary=:all: --dest "$out" hatchling editables
echo "wheelhouse: $out ($(find "$out" -name '*.whl' | wc -l) wheels)"
