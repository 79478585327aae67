"""What a generate request may ask for: read by the pipeline, the CLI, the service's request bodies
and the sidecar check (standard library only, so that light commands can import it).  The Blender
add-on keeps its own copies; `tests/blender/test_api.py` checks them against these."""
from __future__ import annotations

MAX_SEED = 2**31 - 1
TEXTURE_SIZES = (256, 512, 1024, 2048)
REFINE_STEPS = (1, 1000)  # inclusive
