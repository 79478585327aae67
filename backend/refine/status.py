"""What refinement did, as a JSON-ready record for the sidecar ("refinement" key), CLI and add-on.

Every path ends in a status: "done" or "skipped" (with the reason).  Cancellation is not a status: it
raises backend.errors.Cancelled and the job records that itself.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def step_report(step: int, total: int, detail: str) -> str:
    """The loop's progress message for one optimisation step."""
    return f"step {step}/{total}: {detail}"


def is_step_report(stage: str, step: int, total: int, message: str) -> bool:
    """True for the loop's per-step reports (what a console thins out), not for stage lines such as
    the pipeline's "refining abstract phrases with CLIP", loading CLIP or scoring the fixed views."""
    return stage == "refine" and str(message).startswith(f"step {step}/{total}:")


# a change of the mean fixed-view similarity smaller than this is "unchanged", not an improvement (4 decimals shown)
SCORE_TOLERANCE = 5e-5


@dataclass
class RefineStatus:
    status: str  # "done" | "skipped"
    reason: str = ""
    phrases: list[str] = field(default_factory=list)
    clip_model: str = ""
    clip_weights: str = ""
    steps: int = 0
    views_per_step: int = 0
    loss_first: float | None = None  # mean CLIP loss of the first tenth of the steps (random views)
    loss_last: float | None = None  # ... of the last tenth
    similarity_before: dict[str, float] = field(default_factory=dict)  # fixed views, mean over phrases
    similarity_after: dict[str, float] = field(default_factory=dict)  # of the head as returned
    # when the kept head scales the identity change back (a stated attribute would be lost): the
    # similarity of the full change, which the loss figures above also describe
    similarity_after_full_change: dict[str, float] = field(default_factory=dict)
    identity_rms_change: float | None = None  # RMS of the coefficient change, standard deviations
    identity_bound: float | None = None  # the regulariser's bound on that RMS
    texture_rms_change: float | None = None
    texture_bound: float | None = None
    texture_note: str = ""  # what happened to the texture (optimised parameters, or why not)
    hair: dict[str, Any] = field(default_factory=dict)  # whether the renders drew the hair mesh (refine/hair.py)
    projected_steps: int = 0  # steps where an Adam step overshot the bound and was pulled back
    attributes: dict[str, Any] = field(default_factory=dict)  # concrete attributes before/after
    timings: dict[str, float] = field(default_factory=dict)  # seconds, totals over all steps
    # the head it started from, exactly as its head file held it: refining in place (--out = the head's
    # folder) replaces that file, and copying these back to "identity" and texture "params" restores it
    identity_before: list[float] = field(default_factory=list)
    texture_before: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def skipped(cls, reason: str, phrases: list[str] | None = None) -> "RefineStatus":
        return cls(status="skipped", reason=reason, phrases=list(phrases or []))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.status == "skipped":  # keep the sidecar short: only what explains the skip
            return {k: out[k] for k in ("status", "reason", "phrases")}
        out = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in out.items()}
        score = self.score()
        if score is not None:
            out["score_before"], out["score_after"], out["score_verdict"] = score
            out["improved"] = score[2] == "improved"
        out["summary"] = self.summary()
        return out

    def score(self) -> tuple[float, float, str] | None:
        """(before, after, verdict) of the CLIP similarity of the head as returned, mean of the fixed views
        (the loop's loss figures are of random views and noisy); verdict "improved", "unchanged" (within
        SCORE_TOLERANCE) or "fell".  None without both scores."""
        views = [v for v in self.similarity_before if v in self.similarity_after]
        if not views:
            return None
        before = sum(self.similarity_before[v] for v in views) / len(views)
        after = sum(self.similarity_after[v] for v in views) / len(views)
        verdict = ("improved" if after - before > SCORE_TOLERANCE else
                   "fell" if before - after > SCORE_TOLERANCE else "unchanged")
        return round(before, 6), round(after, 6), verdict

    def summary(self) -> str:
        """One line for the CLI."""
        if self.status != "done":
            return f"refinement {self.status}: {self.reason}"
        front_b = self.similarity_before.get("front")
        front_a = self.similarity_after.get("front")
        sims = (f"front similarity {front_b:.4f} -> {front_a:.4f}, "
                if front_b is not None and front_a is not None else "")
        score = self.score()
        if score is None:
            verdict = "refinement done (CLIP score not measured)"
        else:
            before, after, how = score
            said = {"improved": "CLIP score improved", "unchanged": "CLIP score did not improve (unchanged)",
                    "fell": "CLIP score did not improve (it fell)"}[how]
            verdict = (f"refinement done: {said}" if how == "improved" else f"refinement done, but the {said}") + \
                f": {before:.4f} -> {after:.4f} (mean of {len(self.similarity_before)} fixed views)"
        return (f"{verdict}; {self.steps} steps x {self.views_per_step} views, "
                f"CLIP loss of the random views {self.loss_first:.4f} -> {self.loss_last:.4f}, {sims}"
                f"identity RMS change {self.identity_rms_change:.3f} (bound {self.identity_bound:.3f})")
