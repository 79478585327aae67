"""Settings of one service instance (command-line flags of `python -m backend serve`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class ServiceConfig:
    data_dir: Path
    token: str
    workers: int = 1
    max_queue: int = 64
    cancel_grace_s: float = 30.0
    clip_weights: Optional[str] = None  # a local file or an open_clip pretrained tag
    clip_model: str = "ViT-B-32"
    stylegan: Optional[str] = None  # albedo checkpoint for texture="stylegan"
    device: str = "cpu"
    keep_jobs: Optional[int] = None  # ended jobs kept (newest first); None: all
    max_job_age_s: Optional[float] = None  # ended jobs older than this are deleted; None: never

    def server_settings(self) -> dict:
        """What a job needs from the server (stored in its request.json)."""
        return {"clip_weights": self.clip_weights, "clip_model": self.clip_model, "stylegan": self.stylegan,
                "device": self.device}
