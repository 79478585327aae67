"""Backend settings as plain data (filled from the add-on preferences, or given by scripts)."""
from __future__ import annotations

from dataclasses import dataclass

MODES = ("LOCAL", "REMOTE")
DEVICES = ("auto", "cpu", "cuda")
TEXTURE_SIZES = (256, 512, 1024, 2048)


@dataclass(frozen=True)
class BackendSettings:
    mode: str = "LOCAL"
    python: str = ""  # LOCAL: interpreter whose environment has the backend's requirements
    url: str = ""  # REMOTE
    token: str = ""  # REMOTE
    clip_weights: str = ""
    texture_model: str = "parametric"
    texture_size: int = 1024
    device: str = "auto"
    start_timeout: float = 120.0
    job_timeout: float = 1800.0

    def options(self) -> dict:
        """Generation options the service understands (see backend/pipeline.py GenerateOptions)."""
        opts = {"texture": self.texture_model, "texture_size": int(self.texture_size), "device": self.device}
        if self.clip_weights:
            opts["clip_weights"] = self.clip_weights
        return opts
