#!/usr/bin/env bash
# Set up (idempotent), then run every test: backend tests in .venv, Blender tests in .venv-blender.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "set-up failed" >&2; exit 1; }
export TEXTFACE_REQUIRE_ASSETS=1   # tests that need the ICT model fail (not skip) when it is missing
status=0
.venv/bin/python -m pytest tests -q -p no:cacheprovider "$@" || status=1
.venv-blender/bin/python -m pytest tests/blender -q -p no:cacheprovider "$@" || status=1
exit $status
