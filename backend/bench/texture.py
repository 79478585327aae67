"""Benchmark: parametric albedo (goal: 1024^2 <= 150 ms on CPU, warm, differentiable), its one-off
costs (geometry bake per size, noise per seed), and a StyleGAN2 generator forward pass."""
from __future__ import annotations

HELP = "texture: parametric albedo 1024^2 warm (goal <= 150 ms CPU) + backward, bake costs, StyleGAN2 forward"
GOAL_MS = 150.0


STYLEGAN_PRESET, STYLEGAN_RESOLUTION = "small", 256  # the generator size timed (random weights)


def add_arguments(p) -> None:
    return None


def run(args) -> int:
    import statistics
    import time

    import torch

    from ..face_model import load_face_model
    from ..texture.fields import atlas_fields
    from ..texture.params import params_from_code
    from ..texture.parametric import albedo, to_uint8
    from ..texture.seeded import seed_fields, torch_geometry
    from ..texture.stylegan.networks import Generator
    from ..texture.stylegan.training import make_config
    from ._report import Report

    rep = Report("texture", args)
    model = load_face_model()
    print(f"  torch threads: {torch.get_num_threads()}")
    code = {"gender": "male", "age": "old", "skin_tone": "olive", "beard": "full", "hair_color": "black",
            "freckles": "some", "makeup": "light", "eye_color": "hazel"}
    params = params_from_code(code, seed=0)
    for size in (1024, 2048):
        atlas_fields.cache_clear()
        torch_geometry.cache_clear()
        t = time.perf_counter()
        torch_geometry(model, size)
        rep.add(f"geometry bake {size}^2 (once per size)", time.perf_counter() - t)
        t = time.perf_counter()
        seed_fields(model, size, 0)
        rep.add(f"noise fields {size}^2 (once per seed)", time.perf_counter() - t)
    tensors = params.tensors(requires_grad=True)

    def fwd_bwd():
        img = albedo(tensors, 1024, 0, model)
        img.mean().backward()

    default_threads = torch.get_num_threads()
    with torch.no_grad():
        times = rep.time(f"parametric albedo 1024^2, forward (warm, {default_threads} threads)",
                         lambda: albedo(params, 1024, 0, model))
    # On a busy machine torch's worker threads wait on each other; one thread is often faster.
    torch.set_num_threads(1)
    try:
        with torch.no_grad():
            one = rep.time("parametric albedo 1024^2, forward (warm, 1 thread)", lambda: albedo(params, 1024, 0, model))
        rep.time("parametric albedo 1024^2, forward + backward (warm, 1 thread)", fwd_bwd)
    finally:
        torch.set_num_threads(default_threads)
    grad_times = rep.time(f"parametric albedo 1024^2, forward + backward (warm, {default_threads} threads)", fwd_bwd)
    with torch.no_grad():
        rep.time("parametric albedo 2048^2, forward (warm)", lambda: albedo(params, 2048, 0, model))
        img = albedo(params, 1024, 0, model)
    rep.time("to_uint8 1024^2", lambda: to_uint8(img))
    med = 1e3 * min(statistics.median(times), statistics.median(one))
    print(f"  goal: 1024^2 forward <= {GOAL_MS:.0f} ms warm on CPU -> best median {med:.1f} ms: "
          f"{'met' if med <= GOAL_MS else 'NOT met'} (forward+backward median "
          f"{1e3 * statistics.median(grad_times):.1f} ms, {default_threads} threads)")

    dev = torch.device(args.device)
    preset = STYLEGAN_PRESET
    cfg = make_config(preset, STYLEGAN_RESOLUTION, conditional=True)
    G = Generator(cfg).to(dev).eval()
    z = torch.randn(1, cfg.z_dim, device=dev)
    c = torch.zeros(1, cfg.c_dim, device=dev)

    def g_forward():
        with torch.no_grad():
            G(z, c, noise_mode="const")
        if dev.type == "cuda":
            torch.cuda.synchronize(dev)

    rep.time(f"StyleGAN2 {preset} {cfg.resolution}^2 generator forward, batch 1 ({dev.type})",
             g_forward, params_m=round(sum(p.numel() for p in G.parameters()) / 1e6, 2))
    rep.finish()
    return 0
