"""The CLIP objective: renders in [0, 1] vs abstract phrases, as 1 - cosine similarity.

Renders are resized to the model's input size (bilinear, antialiased, differentiable) and normalised
with the model's mean/std, which is what open_clip's preprocessing does to a PIL image, minus the
centre crop (renders are already square and framed).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .registry import ClipModel

# Several phrasings per phrase, averaged in embedding space, so no single template dominates.
# Comma forms read correctly for adjectives ("kind"), nouns ("a movie star") and clauses alike.
TEMPLATES = (
    "{}",
    "a photo of a face, {}",
    "a 3D render of a human head, {}",
    "a portrait of a person, {}",
)


class ClipObjective:
    """Holds the target text embeddings (one per phrase) and scores batches of renders."""

    def __init__(self, clip: ClipModel, phrases: list[str]):
        cleaned = [p.strip() for p in phrases if p and p.strip()]
        if not cleaned:
            raise ValueError("no abstract phrase to refine towards")
        self.clip = clip
        self.phrases = cleaned
        self.text = self._encode_text(cleaned)  # (P, D), unit length

    @torch.no_grad()
    def _encode_text(self, phrases: list[str]) -> torch.Tensor:
        prompts = [t.format(p) for p in phrases for t in TEMPLATES]
        tokens = self.clip.tokenizer(prompts).to(self.clip.device)
        emb = F.normalize(self.clip.model.encode_text(tokens).float(), dim=-1)
        emb = emb.reshape(len(phrases), len(TEMPLATES), -1).mean(1)
        return F.normalize(emb, dim=-1)

    def preprocess(self, images: torch.Tensor) -> torch.Tensor:
        """(N, 3, H, W) in [0, 1] -> the model's normalised input."""
        if images.ndim != 4 or images.shape[1] != 3:
            raise ValueError(f"renders must be (N, 3, H, W), got {tuple(images.shape)}")
        size = self.clip.image_size
        if tuple(images.shape[-2:]) != tuple(size):
            images = F.interpolate(images, size=size, mode="bilinear", align_corners=False, antialias=True)
        mean = images.new_tensor(self.clip.mean).view(1, 3, 1, 1)
        std = images.new_tensor(self.clip.std).view(1, 3, 1, 1)
        return (images - mean) / std

    def image_embeddings(self, images: torch.Tensor) -> torch.Tensor:
        x = self.preprocess(images).to(self.clip.device)
        return F.normalize(self.clip.model.encode_image(x).float(), dim=-1)

    def similarity(self, images: torch.Tensor) -> torch.Tensor:
        """(N, P) cosine similarity of each render to each phrase."""
        return self.image_embeddings(images) @ self.text.T

    def loss(self, images: torch.Tensor) -> torch.Tensor:
        """Mean over renders and phrases of 1 - cosine similarity; lies in [0, 2]."""
        return 1.0 - self.similarity(images).mean()


# Largest possible change of `ClipObjective.loss`; bounds how far the regularised optimum can move.
LOSS_SPAN = 2.0
