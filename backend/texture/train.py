"""`python -m backend train texture --data DIR`: train the conditional StyleGAN2 albedo generator.

DIR holds square UV albedo images in the atlas layout (see backend/texture/atlas.py) and optionally
labels.json mapping file names to attribute objects ({"a.png": {"skin_tone": "dark"}}); with labels
the generator is conditioned on them.  The result is one self-describing .safetensors checkpoint,
usable as `--texture stylegan:PATH`.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..errors import TextFaceError


def build_parser() -> argparse.ArgumentParser:
    from .stylegan.training import PRESETS

    from .. import checks

    p = checks.OptionParser(prog="python -m backend train texture", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, help="folder of square UV albedo images (+ optional labels.json)")
    p.add_argument("--out", default=None, help="checkpoint path (default: <data dir>/texture/stylegan2.safetensors "
                                               "under the user data folder)")
    p.add_argument("--resolution", type=int, default=256, help="training resolution (power of two, default 256)")
    p.add_argument("--preset", choices=sorted(PRESETS), default="small", help="network size (default small)")
    p.add_argument("--steps", type=int, default=2000, help="generator updates in total (default 2000)")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--lr", type=float, default=0.0025)
    p.add_argument("--r1-gamma", type=float, default=1.0, help="R1 penalty weight (default 1)")
    p.add_argument("--r1-every", type=int, default=16, help="apply R1 every N steps (lazy regularisation)")
    p.add_argument("--ema-beta", type=float, default=0.999)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--threads", type=int, default=0,
                   help="CPU threads for torch (default: torch's choice; 1 is often fastest for tiny models "
                        "on a busy machine)")
    p.add_argument("--resume", default=None, help="continue from a checkpoint written by this command")
    p.add_argument("--synthesize", type=int, default=0, metavar="N",
                   help="first fill the (empty) --data folder with N labelled albedos from the parametric model")
    p.add_argument("--synthesize-size", type=int, default=256, choices=(256, 512, 1024, 2048))
    p.add_argument("--save-every", type=int, default=500)
    p.add_argument("--log-every", type=int, default=50)
    return p


def _validate(args) -> None:
    checks = [(args.steps >= 1, "--steps must be >= 1"), (args.batch >= 1, "--batch must be >= 1"),
              (args.lr > 0, "--lr must be > 0"), (args.r1_gamma >= 0, "--r1-gamma must be >= 0"),
              (args.r1_every >= 1, "--r1-every must be >= 1"), (0 <= args.ema_beta < 1, "--ema-beta must be in [0, 1)"),
              (args.save_every >= 1 and args.log_every >= 1, "--save-every and --log-every must be >= 1"),
              (args.synthesize >= 0, "--synthesize must be >= 0"), (args.threads >= 0, "--threads must be >= 0"),
              (args.resolution <= 2048, f"--resolution must be at most 2048, got {args.resolution}")]
    for ok, msg in checks:
        if not ok:
            raise TextFaceError(msg)
    # Everything below is also checked later, but only after --synthesize has written its images (which
    # a rerun then refuses) or after hours of training: check it before any work.
    if not args.resume:
        from .stylegan.training import make_config

        try:
            make_config(args.preset, args.resolution, False)
        except ValueError as exc:
            raise TextFaceError(f"--resolution {args.resolution}: {exc}") from None
    elif not Path(args.resume).is_file():
        raise TextFaceError(f"--resume {args.resume}: no such checkpoint file")
    data = Path(args.data).expanduser()
    if data.exists() and not data.is_dir():
        raise TextFaceError(f"--data {args.data} is a file; give a folder of albedo images")
    if args.synthesize and data.is_dir():
        from .stylegan.training import IMAGE_SUFFIXES

        if any(p.suffix.lower() in IMAGE_SUFFIXES for p in data.iterdir()):
            raise TextFaceError(f"--synthesize needs an empty --data folder; {args.data} already holds images")
    if args.out:
        out = Path(args.out).expanduser()
        if out.is_dir():
            raise TextFaceError(f"--out {args.out} is a folder; give the checkpoint file, e.g. {out / 'stylegan2.safetensors'}")
        parent = next((q for q in out.parents if q.exists()), None)
        if parent is not None and not parent.is_dir():
            raise TextFaceError(f"--out {args.out}: {parent} is a file, not a folder")


def main(argv=None) -> int:
    import torch

    args = build_parser().parse_args(argv)
    _validate(args)
    threads = torch.get_num_threads()
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        return _train(args)
    finally:
        torch.set_num_threads(threads)  # main() may run inside a longer-lived process (tests, service)


def _train(args) -> int:
    import torch

    from ..paths import data_dir
    from .stylegan.checkpoint import load_training_state, save_checkpoint
    from .stylegan.training import Trainer, TrainSettings, load_dataset, make_config

    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    elif device == "cuda" and not torch.cuda.is_available():
        raise TextFaceError("--device cuda asked for, but torch sees no CUDA device")
    out = Path(args.out).expanduser() if args.out else data_dir() / "texture" / "stylegan2.safetensors"
    # read before --synthesize writes anything: a corrupt checkpoint must not leave images behind
    # (a rerun into that --data folder is refused)
    resume = load_training_state(args.resume) if args.resume else None
    if args.synthesize:
        from .stylegan.synthetic import write_parametric_dataset

        print(f"writing {args.synthesize} parametric albedos ({args.synthesize_size}^2) into {args.data}")
        write_parametric_dataset(args.data, args.synthesize, size=args.synthesize_size, seed=args.seed)
    resolution = resume[0].cfg.resolution if resume else args.resolution
    try:
        data = load_dataset(args.data, resolution)
        cfg = resume[0].cfg if resume else make_config(args.preset, resolution, data.labels.shape[1] > 0)
    except ValueError as exc:
        raise TextFaceError(str(exc)) from None
    settings = TrainSettings(steps=args.steps, batch=args.batch, lr=args.lr, r1_gamma=args.r1_gamma,
                             r1_every=args.r1_every, ema_beta=args.ema_beta, seed=args.seed, device=device)
    trainer = Trainer(data, cfg, settings, resume=resume)
    n_g = sum(p.numel() for p in trainer.G.parameters())
    print(f"training StyleGAN2 ({args.preset}, {resolution}px, {n_g / 1e6:.2f} M generator parameters) on "
          f"{len(data.images)} images{' with labels' if data.conditional else ''}, device {device}"
          f"{' (mixed precision)' if trainer.amp else ''}")
    t0 = time.perf_counter()

    def log(row):
        if row["step"] % args.log_every == 0 or row["step"] == args.steps:
            r1 = f", r1 {row['r1']:.4f}" if row["r1"] is not None else ""
            print(f"  step {row['step']}: loss_G {row['loss_G']:.4f}, loss_D {row['loss_D']:.4f}{r1}, "
                  f"{time.perf_counter() - t0:.1f} s", flush=True)
        if row["step"] % args.save_every == 0:
            save_checkpoint(out, trainer.G_ema, trainer.D, trainer.G, steps=row["step"])

    trainer.run(log)
    save_checkpoint(out, trainer.G_ema, trainer.D, trainer.G, steps=trainer.steps)
    print(f"wrote {out} (use with --texture stylegan:{out})")
    return 0
