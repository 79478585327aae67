"""Backend settings as plain data (filled from the add-on preferences, or given by scripts)."""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields

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

    def check(self) -> "BackendSettings":
        """These settings, when each field holds what it may (a script builds them; the preferences' own are
        always so): TypeError or ValueError naming the field otherwise, before anything is started or sent.
        (A mode of 'remote' would start a local backend; a timeout of '60' fail mid-job.)"""
        for field in fields(self):
            value = getattr(self, field.name)
            if field.type == "str" and not isinstance(value, str):
                raise TypeError(f"BackendSettings.{field.name} must be a str, got {type(value).__name__} {value!r}")
        if self.mode not in MODES:
            raise ValueError(f"BackendSettings.mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.device not in DEVICES:
            raise ValueError(f"BackendSettings.device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        for name in ("start_timeout", "job_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value <= 0:
                raise ValueError(f"BackendSettings.{name} must be a positive number of seconds, got {value!r}")
        self.texture_kind()  # (ValueError for a texture model that is neither)
        return self

    def texture_kind(self) -> tuple[str, str]:
        """('parametric', '') or ('stylegan', PATH) from `texture_model` ('parametric' or 'stylegan:PATH')."""
        model = self.texture_model.strip()
        if model == "parametric":
            return "parametric", ""
        kind, _, path = model.partition(":")
        if kind != "stylegan":
            raise ValueError(f"texture model must be 'parametric' or 'stylegan:PATH', got {model!r}")
        if not path.strip() and self.mode == "LOCAL":
            raise ValueError("texture model 'stylegan:' needs the path of trained generator weights")
        return "stylegan", path.strip()

    def options(self) -> dict:
        """Per-job options of the service's generate/refine requests (backend/service/schemas.py)."""
        return {"texture": self.texture_kind()[0], "texture_size": int(self.texture_size)}

    def server_args(self) -> tuple[str, ...]:
        """`python -m backend serve` flags for a LOCAL backend: device and weights belong to the server
        process (a REMOTE service was started with its own)."""
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        args = ["--device", self.device]
        if self.clip_weights:
            args += ["--clip-weights", self.clip_weights]
        kind, path = self.texture_kind()
        if kind == "stylegan" and path:
            args += ["--stylegan", path]
        return tuple(args)
