"""Conditional StyleGAN2 for UV albedo: networks, labels, checkpoints, training loop."""
