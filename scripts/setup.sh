#!/usr/bin/env bash
# One-command set-up on a fresh machine; re-running it is fast and safe.
#   .venv          backend environment (torch, open_clip, service, test tools)
#   .venv-blender  real Blender as a Python module (bpy==5.0.1) for add-on tests
#   model assets   ICT-FaceKit installed into the user cache (python -m backend assets install)
# Environment: TEXTFACE_ICT_ARCHIVE = path or URL of ICT-FaceKit-master.zip (default: ../shared/assets
# copy when present, else the official GitHub archive URL); PYTHON = interpreter (default python3.11).
# Sourcing it (`source scripts/setup.sh`) only defines the functions (the tests call ensure_venv).
set -euo pipefail
py=${PYTHON:-python3.11}

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# A venv at $1 that has pip.  One whose creation was interrupted (killed during ensurepip) has
# bin/python but no pip, and would fail every later run: it is made again from scratch (--clear;
# its stamp goes with it, so its packages are installed again).
ensure_venv() {
  if [ -x "$1/bin/python" ] && "$1/bin/python" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  "$py" -m venv --clear "$1"
}

main() {
  cd "$(dirname "$0")/.."
  root=$PWD

  # Backend environment.
  want=$(sha256sum pyproject.toml | cut -c1-16)
  if ! stamp_ok .venv/.textface-stamp "$want"; then
    ensure_venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test,bench]"
    # DEODR is only the renderer benchmark's yardstick; its metadata asks numpy>=2, it runs on 1.26.
    .venv/bin/python -m pip install -q --no-deps deodr==0.2.3
    echo "$want" > .venv/.textface-stamp
  fi

  # Blender test environment (never touches the backend's).
  want_b="bpy==5.0.1 fake-bpy-module-5.0 pytest pytest-timeout"
  if ! stamp_ok .venv-blender/.textface-stamp "$want_b"; then
    ensure_venv .venv-blender
    .venv-blender/bin/python -m pip install -q $want_b
    echo "$want_b" > .venv-blender/.textface-stamp
  fi

  # Software EGL for Blender's Workbench/EEVEE renders (Cycles needs nothing).
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! dpkg -s libegl-mesa0 >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq libegl1 libegl-mesa0 libgl1-mesa-dri >/dev/null) \
      || echo "warning: could not install Mesa EGL; Workbench renders may fail (Cycles still works)" >&2
  fi

  # Model assets (idempotent: an installed, verified cache is kept).
  archive=${TEXTFACE_ICT_ARCHIVE:-}
  if [ -z "$archive" ] && [ -f "$root/../shared/assets/ICT-FaceKit-master.zip" ]; then
    archive="$root/../shared/assets/ICT-FaceKit-master.zip"
  fi
  if [ -n "$archive" ]; then
    .venv/bin/python -m backend assets install --from "$archive"
  else
    .venv/bin/python -m backend assets install
  fi
  echo "set-up done"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
