#!/usr/bin/env bash
# The GPU checks of issue 6 (renderer and refinement speed on CUDA), as one prepared call of the
# `device` tool.  The device machine's python3 holds torch, numpy, scipy and pytest, but not the ICT
# model (it is not in the repository) nor open_clip; both travel in the ignored folder .device/.
#
#   here, once:            bash scripts/device_check.sh --prepare     (needs the installed ICT model)
#   on the device machine: run(command="bash scripts/device_check.sh", carry=[".device"], timeout_s=540)
#
# The log comes back as $OUT/device_check.log.  It holds the CUDA tests (the renderer against the
# CPU), `bench render --device cuda` at 256^2 and 1024^2 (targets <= 2 / <= 10 ms per view) and
# `bench refine --device cuda` (target <= 10 s for 100 steps).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--prepare" ]; then
    py=.venv/bin/python
    [ -x "$py" ] || { echo "run scripts/setup.sh first (needs .venv)" >&2; exit 1; }
    model=$("$py" -c "from backend.face_model.model import model_path; print(model_path())") || exit 1
    [ -f "$model" ] || { echo "the ICT model is not installed ($model): run scripts/setup.sh" >&2; exit 1; }
    grep -qxF '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >> .git/info/exclude
    rm -rf .device && mkdir -p .device/cache .device/whl
    cp "$model" .device/cache/ || exit 1
    # the packages the device image lacks, as wheels for its Python 3.12 (open_clip's other needs are there)
    "$py" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
        --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 -d .device/whl \
        open_clip_torch==3.3.0 ftfy==6.3.1 wcwidth==0.9.4 || exit 1
    du -sh .device
    exit 0
fi

ls .device/cache/*.npz >/dev/null 2>&1 && ls .device/whl/*.whl >/dev/null 2>&1 \
    || { echo "no .device/ here: run 'bash scripts/device_check.sh --prepare' and carry .device" >&2; exit 1; }
out=${OUT:-/tmp/device_check}
mkdir -p "$out"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site \
    .device/whl/*.whl || exit 1
# (tests needing the ICT model fail rather than skip without it, as in CI)
export PYTHONPATH=/tmp/site${PYTHONPATH:+:$PYTHONPATH} TEXTFACE_CACHE_DIR=$PWD/.device/cache PYTHONUNBUFFERED=1
export TEXTFACE_REQUIRE_ASSETS=1
checks() {
    local status=0
    nvidia-smi -L || status=1
    python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())" || status=1
    python3 -m pytest -q -p no:cacheprovider tests/test_render_ops.py tests/test_render_renderer.py -k cuda \
        || status=1
    python3 -m backend bench render --device cuda --resolutions 256,1024 --repeat 50 --no-deodr || status=1
    python3 -m backend bench refine --device cuda || status=1
    echo "device_check status $status"
    return $status
}
checks 2>&1 | tee "$out/device_check.log"
exit "${PIPESTATUS[0]}"
