"""Whether torch sees a CUDA device, asked of a short child process of the same interpreter: the
service's main process never imports torch (seconds of start-up and hundreds of MB it does not need),
yet `serve --device cuda` must be refused at start, not by every job."""
from __future__ import annotations

import os
import subprocess
import sys

_PROBE = "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 3)"
NO_CUDA = "torch sees no CUDA device"


def cuda_problem(timeout_s: float = 180.0) -> str | None:
    """None when torch (in this environment, as the workers will see it) has a CUDA device, else why not."""
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=timeout_s,
                              env=os.environ.copy(), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return f"asking torch for a CUDA device took over {timeout_s:g} s"
    except OSError as exc:
        return f"cannot ask torch for a CUDA device: {exc.strerror or exc}"
    if done.returncode == 0:
        return None
    if done.returncode == 3:
        return NO_CUDA
    last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    return f"asking torch for a CUDA device failed: {last}"
