"""What a generate request may ask for: read by the pipeline, the CLI, the service's request bodies
and the sidecar check (standard library only, so that light commands can import it).  The Blender
add-on keeps its own copies; `tests/blender/test_api.py` checks them against these."""
from __future__ import annotations

MAX_SEED = 2**31 - 1
TEXTURE_SIZES = (256, 512, 1024, 2048)
REFINE_STEPS = (1, 1000)  # inclusive
# Identity coefficients (standard deviations) a head file may hold.  Generate clips to +-3.5, the
# model's plausibility limit (backend/shape/model.py PLAUSIBLE), but the add-on's identity sliders
# (default +-5, blender_textface/planning.py) can be widened by the user up to Blender's hard shape-key
# limit of +-10, and Refine Selected sends the sliders' values: a head file holds those, not more.
IDENTITY_LIMIT = 10.0
# ARKit expression weights: 0 (rest) .. 1 (full); the presets stay <= 0.8 (backend/shape/expression.py)
EXPRESSION_RANGE = (0.0, 1.0)  # inclusive
