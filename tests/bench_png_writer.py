"""CPU time of backend/io/png.py's writer against PIL's one-call save, on a 2048 px RGB albedo-like image (the
same bytes: checked).  Not a test; prints one line per repeat.

    .venv/bin/python tests/bench_png_writer.py [--repeat 3] [--size 2048]
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from PIL import Image

    from backend.io.png import png_bytes

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", type=int, default=2048)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:args.size, 0:args.size]
    a = np.stack([x % 256, y % 256, (x * y) % 256], -1).astype(np.uint8)
    a = (a.astype(np.int16) + rng.integers(-4, 5, a.shape)).clip(0, 255).astype(np.uint8)
    for _ in range(args.repeat):
        t = time.process_time()
        ours = png_bytes(a)
        t_ours = time.process_time() - t
        t = time.process_time()
        buf = io.BytesIO()
        Image.fromarray(a).save(buf, format="PNG")
        t_pil = time.process_time() - t
        print(f"png {args.size}px RGB: png.py {t_ours:.2f} s CPU, PIL save {t_pil:.2f} s CPU, "
              f"same bytes {ours == buf.getvalue()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
