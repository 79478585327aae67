"""Generate and refine heads: parse -> shape -> texture -> (CLIP refinement) -> files.

Scriptable core of the CLI, the service and the add-on.  Progress is reported through a callback
`progress(stage, step, total, message="", preview=None)`; cancellation through a threading.Event
checked between stages and refinement steps (raises backend.errors.Cancelled).
"""
from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from . import __version__
from .errors import Cancelled, TextFaceError
from .io.sidecar import SCHEMA_VERSION
from .limits import MAX_SEED, REFINE_STEPS, TEXTURE_SIZES

Progress = Callable[..., None]
STAGES = ("parse", "shape", "texture", "refine", "write")


def _no_progress(stage: str, step: int, total: int, message: str = "", preview=None) -> None:
    return None


@dataclass(frozen=True)
class GenerateOptions:
    seed: int = 0
    refine: bool = True
    refine_steps: int = 100
    texture: str = "parametric"  # or "stylegan:PATH"
    texture_size: int = 1024
    clip_weights: Optional[str] = None
    clip_model: str = "ViT-B-32"
    device: str = "cpu"
    hair: str = "auto"  # "auto": a hair mesh as the prompt states or the seed draws (backend/hair); "none": painted only

    def validated(self) -> "GenerateOptions":
        if self.hair not in ("auto", "none"):
            raise TextFaceError(f"hair must be auto or none, got {self.hair!r}")
        if not isinstance(self.seed, int) or not 0 <= self.seed <= MAX_SEED:
            raise TextFaceError(f"seed must be an integer in 0..{MAX_SEED}, got {self.seed!r}")
        if self.texture_size not in TEXTURE_SIZES:
            raise TextFaceError(f"texture size must be one of {TEXTURE_SIZES}, got {self.texture_size}")
        if not REFINE_STEPS[0] <= self.refine_steps <= REFINE_STEPS[1]:
            raise TextFaceError(f"refine steps must be in {REFINE_STEPS[0]}..{REFINE_STEPS[1]}, got {self.refine_steps}")
        if self.device not in ("cpu", "cuda", "auto"):
            raise TextFaceError(f"device must be cpu, cuda or auto, got {self.device!r}")
        from .texture.models import parse_texture_spec

        kind, path = parse_texture_spec(self.texture)
        if kind == "stylegan" and not Path(path).expanduser().is_file():  # before any work, not at the texture stage
            raise TextFaceError(f"StyleGAN checkpoint {path} does not exist")
        if self.clip_weights:  # before any work, not after shape and texture have run
            from .refine.weights_file import weights_path_problem

            problem = weights_path_problem(self.clip_weights)
            if problem:
                raise TextFaceError(problem)
        if self.device == "cuda":  # refused, not run on the CPU without a word
            self.torch_device()
        return self

    def torch_device(self) -> str:
        """The device the torch stages (StyleGAN texture, refinement) run on ("auto" resolved); cuda
        without a CUDA device is a TextFaceError."""
        from .texture.models import _resolve_device  # the rule those stages apply

        return _resolve_device(self.device)


@dataclass
class Head:
    """One generated head, in memory (model units: cm, Y up, +Z forward)."""

    prompt: str
    seed: int
    parsed: dict
    identity: np.ndarray  # (100,)
    expression: np.ndarray  # (53,)
    texture_model: str
    texture_params: dict
    albedo: np.ndarray  # (H, W, 3) uint8, row 0 = top
    uvs: np.ndarray  # (T, 2) float32 atlas UVs in 0..1
    face_uv_indices: np.ndarray  # (N_corners,) int32 into uvs
    refinement: dict = field(default_factory=lambda: {"status": "not requested"})
    timings: dict = field(default_factory=dict)
    device: str = "cpu"  # what the torch stages were given (GenerateOptions.torch_device)
    hair: object = None  # backend.hair.mesh.HairMesh, or None (no hair mesh: the painted crop only)
    hair_record: dict | None = None  # head.json's `hair`: the style (stated or drawn) it is rebuilt from

    def sidecar(self, expression_names: tuple[str, ...]) -> dict:
        extra = {} if self.hair_record is None else {"hair": self.hair_record}
        return {**extra,
            "schema_version": SCHEMA_VERSION,
            "backend_version": __version__,
            "prompt": self.prompt,
            "seed": self.seed,
            "parsed": self.parsed,
            "identity": [float(x) for x in self.identity],
            "expression": {n: float(w) for n, w in zip(expression_names, self.expression) if w != 0.0},
            "texture": {"model": self.texture_model, "params": self.texture_params,
                        "size": int(self.albedo.shape[0])},
            "refinement": self.refinement,
            "device": self.device,
        }

    def run_record(self) -> dict:
        """What varies from run to run of the same head (seconds per stage): kept out of head.json and
        head.npz so that two runs of one prompt and seed write byte-identical heads (`head.sha256`)."""
        out = {"timings": {k: round(v, 4) for k, v in self.timings.items()}}
        steps = self.refinement.get("timings") if isinstance(self.refinement, dict) else None
        if steps:
            out["refinement_timings"] = steps
        return out


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")


def _stoppable(cancel: threading.Event | None):
    """Around a stage with no cancellation points of its own, or too few (shape synthesis ~4 s, texture
    synthesis 20-50 s at 2048 px on a CPU, refinement's set-up, the preview render, the files written): a
    cancel event that can stop such a stretch (the service worker's: see service/worker.py) does so there;
    any other is checked after the stage, as before.  What runs inside may write files only whole or not
    at all (a temporary file or folder removed when stopped) and sends progress only through a callback
    that shields itself (the worker's does)."""
    stretch = getattr(cancel, "stoppable_stretch", None)
    return stretch() if stretch is not None else contextlib.nullcontext()


class _Clock:
    def __init__(self):
        self.timings: dict[str, float] = {}

    def __call__(self, name: str):
        clock = self

        class _Span:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                clock.timings[name] = clock.timings.get(name, 0.0) + time.perf_counter() - self.t

        return _Span()


def generate_head(prompt: str, opts: GenerateOptions = GenerateOptions(), progress: Progress = _no_progress,
                  cancel: threading.Event | None = None) -> Head:
    """Text -> Head.  Raises TextFaceError subclasses for bad input, Cancelled when cancelled."""
    from .face_model import load_face_model
    from .parser import parse
    from .shape import expression_weights, load_shape_model
    from .shape.code import IDENTITY_ATTRIBUTES
    from .shape.expression_gestures import with_gestures
    from .shape.lids import lids_cover
    from .shape.request import shape_request
    from .texture import make_texture_model
    from .texture.beard_age import shape_parsed
    from .texture.look_words import stated_looks
    from .texture.partial_grey import looks_of as grey_looks
    from .texture.wrinkle_words import stated_wrinkles

    opts = opts.validated()
    clock = _Clock()
    progress("parse", 0, len(STAGES), "reading the description")
    with clock("parse"):
        parsed = parse(prompt)
    _check(cancel)
    progress("shape", 1, len(STAGES), "synthesising the shape")
    with clock("shape"), _stoppable(cancel):
        model = load_face_model()
        # degree words ("a very wide nose") scale the identity attributes they qualify; verify: a head
        # that misses a stated attribute is drawn again (deterministic per seed)
        strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
        # the check measures the head as written, expression included, against heads making the same
        # expression (backend/measure.py): the expression preset stays as asked (a smile the user asked
        # for is not scaled back) and "narrow mouth" means narrow among smiles, as a viewer compares it
        # as strong as its words ("slightly annoyed" .. "furious": parsed.strength, shape/expression_degree.py)
        expression = expression_weights(parsed.concrete, model.expression_names,
                                        parsed.strength.get("expression", 1.0))
        # gestures layered on it: one raised eyebrow, a lopsided grin (parsed.gestures, shape/expression_gestures.py)
        expression = with_gestures(expression, model.expression_names, getattr(parsed, "gestures", {}))
        # and the closed lids must cover the eyes (ICT's blink is one offset for every identity)
        covered = lids_cover(model, expression)
        # the ancestry's implied shape attributes and the stated fullness's offset (shape/request.py)
        # partly grey hair's younger implied age (texture/beard_age.py shape_parsed: the texture draws the same years)
        shape_in, grey_age = shape_parsed(parsed, opts.seed)
        drawn_from, offset, shape_record = shape_request(shape_in, opts.seed, model)
        shape_record = shape_record | grey_age
        identity = load_shape_model().sample_identity(drawn_from, seed=opts.seed, n=1, strength=strength,
                                                      verify=model, expression=expression, accept=covered,
                                                      offset=offset)[0]
        missed = _missed_attributes(model, identity, parsed.concrete, expression)
        if not covered(identity[None])[0]:
            missed.append("with its eyes closed (eyeBlink keys at 1) this head's eyeballs show through the lids: "
                          "no draw of this seed avoided it; try another seed")
    _check(cancel)
    progress("texture", 2, len(STAGES), "painting the albedo")
    with clock("texture"), _stoppable(cancel):
        texture = make_texture_model(opts.texture, device=opts.device)
        # the denied values ("no grey hair") are never drawn where the model can avoid them
        # the stated beard length, mustache shape and brow colour (parsed.facial_hair) are drawn by params version 11
        tex = texture.generate(parsed.concrete, seed=opts.seed, size=opts.texture_size, denied=parsed.denied,
                               facial=getattr(parsed, "facial_hair", {}),
                               wrinkles=stated_wrinkles(parsed.abstract),  # deepen version 12's age lines
                               freckle_amount=getattr(parsed, "freckle_amount", None),  # version 13's density
                               cut=(getattr(parsed, "hair", None) or {}).get("cut"),  # version 14's shaved sides
                               age_years=getattr(parsed, "age_years", None),  # "in her thirties": 35, not the class
                               skin_flush=getattr(parsed, "skin_flush", None),  # version 16's flush or sunburn
                               looks=stated_looks(prompt, getattr(parsed, "hair", None),  # version 17: silver, turban
                                                  getattr(parsed, "eyeliner", None))  # version 18: eyeliner
                               | grey_looks(getattr(parsed, "hair_grey", None)),  # version 19: partly grey
                               scar=getattr(parsed, "scar", None))  # version 19's painted scars
        if tex.ignored:
            said = ", ".join(f"{k} {parsed.concrete[k]!r}" for k in tex.ignored)
            missed.append(f"texture model {texture.name} does not draw {said} (its label has no input for it)")
        if tex.ignored_denials:  # the parser's warning says what the parametric draw does; this model does not
            said = ", ".join(f"{k} not {' or '.join(parsed.denied[k])}" for k in tex.ignored_denials)
            missed.append(f"texture model {texture.name} cannot avoid denied values ({said}): they may be drawn")
    _check(cancel)
    # the parser's warnings list is what head.json, the CLI and the add-on already show the user
    parsed_record = parsed.to_dict()
    parsed_record["warnings"] = parsed_record["warnings"] + missed
    parsed_record.update(shape_record)  # {"implied_shape": ...} where the ancestry implied shape attributes
    head = Head(
        prompt=prompt, seed=opts.seed, parsed=parsed_record, identity=np.asarray(identity, np.float32),
        expression=np.asarray(expression, np.float32), texture_model=texture.name,
        texture_params=tex.params, albedo=tex.image, uvs=tex.uvs, face_uv_indices=tex.face_uv_indices,
        timings=clock.timings, device=opts.torch_device(),
    )
    with clock("hair"):  # on the concrete head: refinement draws it in its CLIP renders and rebuilds it after
        head = _with_hair(head, model, opts, getattr(parsed, "hair", {}))
    if parsed.abstract and opts.refine:
        head = _refine(head, parsed.abstract, opts, progress, cancel, clock)
    elif parsed.abstract:
        head.refinement = {"status": "skipped", "reason": "refinement turned off (--no-refine)",
                           "phrases": parsed.abstract}
    else:
        head.refinement = {"status": "not needed", "reason": "no abstract phrases in the prompt"}
    _check(cancel)
    head.timings = clock.timings
    return head


def _with_hair(head: Head, model, opts: GenerateOptions, stated: dict | None = None,
               style_record: dict | None = None) -> Head:
    """The head with its hair mesh: the style from `style_record` (head.json's `hair`, refine) or chosen from the
    parser's reading `stated`; --hair none records that and builds none."""
    from .hair.mesh import build_hair
    from .hair.style import HairStyle, choose

    if opts.hair == "none" or (style_record is not None and style_record.get("mode") == "none"):
        head.hair, head.hair_record = None, {"mode": "none"}
        return head
    params = dict(head.texture_params)
    if style_record is not None:
        style, notes = HairStyle.from_dict(style_record), []
    else:
        style, notes = choose(stated or {}, head.parsed.get("concrete", {}), params, head.seed)
    head.hair = build_hair(model, head.identity, params, style, head.seed)  # None: no hair mesh and no beard mesh
    head.hair_record = {"mode": "auto", **style.to_dict(), "mesh": head.hair is not None}
    if notes:
        head.parsed = {**head.parsed, "warnings": list(dict.fromkeys([*head.parsed.get("warnings", []), *notes]))}
    return head


def _missed_attributes(model, identity: np.ndarray, concrete: dict, expression: np.ndarray) -> list[str]:
    """One warning per stated attribute the head as written (with its expression) still does not
    measure as, after every re-draw."""
    from .measure import unmet

    return [f"stated {attr} {concrete[attr]!r} not met: the head measures {got!r} (no draw of this seed "
            "met every stated attribute; try another seed)"
            for attr, got in unmet(model, identity, concrete, expression).items()]


def _refine(head: Head, phrases: list[str], opts: GenerateOptions, progress: Progress,
            cancel: threading.Event | None, clock: _Clock) -> Head:
    from .refine import refine_head_arrays

    # (without weights the stage only records why it was skipped: the line must not claim a refinement)
    progress("refine", 3, len(STAGES), "refining abstract phrases with CLIP" if opts.clip_weights
             else "abstract phrases not refined: no CLIP weights configured")
    with clock("refine"), _stoppable(cancel):  # loading CLIP takes seconds before the loop's first check
        return refine_head_arrays(head, phrases, opts, progress=progress, cancel=cancel)


def refine_head(sidecar: dict, abstract_text: str, opts: GenerateOptions = GenerateOptions(),
                progress: Progress = _no_progress, cancel: threading.Event | None = None) -> Head:
    """Re-run refinement on an existing head (its JSON sidecar) with new abstract text."""
    from .face_model import load_face_model
    from .io.sidecar import validate
    from .parser import parse
    from .parser.abstract import fit
    from .texture import make_texture_model

    sidecar = validate(sidecar)
    opts = replace(opts, seed=int(sidecar.get("seed", opts.seed))).validated()
    with _stoppable(cancel):
        model = load_face_model()
    _check(cancel)
    clock = _Clock()
    with clock("parse"):
        parsed_new = parse(abstract_text)
    # text that maps only to attributes ("square jaw") still asks CLIP for it, cut to CLIP's length
    phrases = list(parsed_new.abstract) or fit(" ".join(abstract_text.split()))
    names = model.expression_names
    expression = np.array([float(sidecar["expression"].get(n, 0.0)) for n in names], np.float32)
    tex_spec = sidecar["texture"].get("model", "parametric")
    size = int(sidecar["texture"].get("size", opts.texture_size))
    with _stoppable(cancel):
        texture = make_texture_model(tex_spec, device=opts.device)
        tex = texture.from_params(sidecar["texture"].get("params", {}), seed=opts.seed, size=size)
    _check(cancel)
    parsed = dict(sidecar["parsed"])
    parsed["abstract"] = list(dict.fromkeys(list(parsed.get("abstract", [])) + phrases))
    head = Head(
        prompt=sidecar["prompt"], seed=opts.seed, parsed=parsed,
        identity=np.asarray(sidecar["identity"], np.float32), expression=expression,
        texture_model=texture.name, texture_params=tex.params, albedo=tex.image, uvs=tex.uvs,
        face_uv_indices=tex.face_uv_indices, timings=clock.timings, device=opts.torch_device(),
    )
    with clock("hair"):  # the head's style and seed; refinement draws it and rebuilds it on the refined identity
        head = _with_hair(head, model, opts, style_record=sidecar.get("hair") or {"mode": "none"})
    head = _refine(head, phrases, opts, progress, cancel, clock)
    note = concrete_note(abstract_text, parsed_new.concrete, sidecar["parsed"].get("concrete", {}),
                         sidecar["prompt"], opts.seed)
    if note is not None:  # said where the user looks: the CLI, head.json's warnings, the refinement record
        head.parsed = {**head.parsed, "warnings": list(dict.fromkeys([*head.parsed.get("warnings", []), note]))}
        head.refinement = {**head.refinement, "concrete_not_applied": dict(parsed_new.concrete),
                           "concrete_note": note}
    _check(cancel)
    head.timings = clock.timings
    return head


def concrete_note(text: str, concrete: dict, head_concrete: dict, prompt: str, seed: int) -> str | None:
    """The warning for refine text the parser reads as concrete attributes ("with a red beard"): refinement
    optimises toward CLIP phrases only and sets none of them; None when the text names none."""
    if not concrete:
        return None
    said = ", ".join(f"{k} {v!r}" for k, v in concrete.items())
    kept = [k for k, v in concrete.items() if head_concrete.get(k) == v]
    has = f" (the head already states {', '.join(kept)})" if kept else ""
    wanted = f"{prompt.rstrip(' .,;')}, {' '.join(text.split())}"
    return (f"refine text {' '.join(text.split())[:120]!r} was read as concrete attributes ({said}){has}; "
            f"refinement does not set concrete attributes (it only steers CLIP toward the text, which may not "
            f"change them): to get them, generate with them, e.g. generate {wanted[:300]!r} --seed {seed}")


def result_names(name: str = "head") -> tuple[str, ...]:
    """The files `write_head` writes (preview.png only when asked for, the hair's only for a head with a hair mesh):
    each replaces, or is removed with, an earlier head's."""
    return (f"{name}.obj", f"{name}.mtl", f"{name}_albedo.png", f"{name}.json", f"{name}.npz", "preview.png",
            checksums_name(name), timings_name(name), *hair_names(name))


def timings_name(name: str = "head") -> str:
    """The run's timings beside a head: not in the checksums, which describe the head, not the run."""
    return f"{name}.timings.json"


def hair_names(name: str = "head") -> tuple[str, ...]:
    """The hair mesh's files (OBJ, MTL, RGBA albedo) beside a head called `name`."""
    prefix = "" if name == "head" else f"{name}_"
    return (f"{prefix}hair.obj", f"{prefix}hair.mtl", f"{prefix}hair_albedo.png")


def checksums_name(name: str = "head") -> str:
    """The checksum file of a head's files (`sha256sum -c` reads it)."""
    return f"{name}.sha256"


def write_head(head: Head, out_dir: str | Path, preview: bool = True, progress: Progress = _no_progress,
               name: str = "head", cancel: threading.Event | None = None, obj_units: str = "cm") -> dict[str, Path]:
    """Write OBJ, MTL, albedo PNG, JSON sidecar, npz wire file, (optionally) preview.png and the
    checksums of these (`head.sha256`) into `out_dir`.

    All or nothing: the files are written into a staging folder beside `out_dir` and moved into place
    once all are written.  `out_dir` (and its parents) is created if missing; in an existing folder the
    files of an earlier head of the same `name` are replaced, a stale preview.png removed when no new
    one is written, and any other file left alone.  On failure nothing is left behind and an earlier
    head stays whole; so when `cancel` is set (checked between the files: at 2048 px each takes
    seconds) it raises Cancelled and writes nothing.  Raises OutputError (one line, naming the folder)
    when the folder cannot be written (not a folder, permission denied, disk full) or the head cannot be
    stored (NaN values).  `obj_units`: "cm" (the model's own, default) or "m" (the OBJ's vertices x 0.01, for
    importers that take metres); only the OBJ changes, its header says which.
    """
    from .io import wire
    from .io.obj import OBJ_UNITS

    if obj_units not in OBJ_UNITS:
        raise TextFaceError(f"OBJ units must be one of {', '.join(OBJ_UNITS)}, got {obj_units!r}")
    from .io.checksums import write_checksums
    from .io.sidecar import SidecarError
    from .io.staging import OutputError, staged_output

    with staged_output(out_dir, replaces=result_names(name)) as stage:
        try:  # stoppable: the staging folder is private and removed when stopped; the move into place is not
            with _stoppable(cancel):
                written = _write_head_files(head, stage, preview, progress, name, cancel, obj_units)
                written["sha256"] = write_checksums(stage, [p.name for p in written.values()],
                                                    checksums_name(name))
        except (wire.WireFormatError, SidecarError) as exc:  # a head that cannot be stored (NaN values)
            raise OutputError(f"cannot write the head to {out_dir}: {exc}") from exc
    out = Path(out_dir).expanduser().absolute()
    return {key: out / path.name for key, path in written.items()}


def _write_head_files(head: Head, out: Path, preview: bool, progress: Progress, name: str,
                      cancel: threading.Event | None, obj_units: str = "cm") -> dict[str, Path]:
    from .face_model import blend, load_face_model
    from .io import wire
    from .io.obj import OBJ_UNITS, write_mtl, write_obj
    from .io.png import write_png  # PIL's bytes, in calls short enough for a stop to land between
    from .io.sidecar import write_sidecar

    model = load_face_model()
    progress("write", 4, len(STAGES), "writing files")
    vertices = blend(model, head.identity, head.expression)[0]
    paths = {}
    albedo_name = f"{name}_albedo.png"
    write_png(out / albedo_name, head.albedo, cancel)  # the folder is private until moved into place
    paths["albedo"] = out / albedo_name
    _check(cancel)
    paths["mtl"] = write_mtl(out / f"{name}.mtl", albedo_name)
    scale, units_note = OBJ_UNITS[obj_units]
    paths["obj"] = write_obj(out / f"{name}.obj", vertices * scale if scale != 1.0 else vertices,
                             model.face_vertices, model.face_offsets, head.uvs,
                             head.face_uv_indices, mtl_name=f"{name}.mtl",
                             header=f"TextFace head (ICT Face Model, MIT licence)\n{units_note}\n"
                                    f"prompt: {head.prompt!r}", cancel=cancel)
    _check(cancel)
    hair_posed = None
    if head.hair is not None:  # posed as the head is (its expression too), in the OBJ's units
        hair_posed = head.hair.posed(model, head.identity, head.expression)
        obj_name, mtl_name, png_name = hair_names(name)
        write_png(out / png_name, head.hair.albedo, cancel)
        paths["hair_albedo"] = out / png_name
        paths["hair_mtl"] = write_mtl(out / mtl_name, png_name, material="hair")
        paths["hair_obj"] = write_obj(out / obj_name, hair_posed * scale if scale != 1.0 else hair_posed,
                                      head.hair.face_vertices, head.hair.face_offsets, head.hair.loop_uvs,
                                      np.arange(len(head.hair.face_vertices), dtype=np.int32), mtl_name=mtl_name,
                                      header=f"TextFace hair ({head.hair.style.length}, {head.hair.style.style}) for "
                                             f"{name}.obj\n{units_note}\nprompt: {head.prompt!r}", cancel=cancel,
                                      material="hair")  # the material hair.mtl defines
        _check(cancel)
    sidecar = head.sidecar(model.expression_names)
    if isinstance(sidecar.get("refinement"), dict):  # its step timings vary by run: in the timings file
        sidecar["refinement"] = {k: v for k, v in sidecar["refinement"].items() if k != "timings"}
    run = head.run_record()
    if preview:
        from .render.preview import render_preview

        t = time.perf_counter()
        extra = None if hair_posed is None else (hair_posed, head.hair.triangles(), head.hair.loop_uvs,
                                                 head.hair.triangle_corners(), head.hair.albedo)
        image = render_preview(vertices, model, head.albedo, head.uvs, head.face_uv_indices, extra=extra)
        write_png(out / "preview.png", image, cancel)
        paths["preview"] = out / "preview.png"
        run["timings"]["preview"] = round(time.perf_counter() - t, 4)
        _check(cancel)
    paths["json"] = write_sidecar(out / f"{name}.json", sidecar)
    (out / timings_name(name)).write_text(json.dumps(run, indent=1) + "\n", encoding="utf-8")
    paths["npz"] = wire.write_wire(out / f"{name}.npz", wire.pack(
        neutral=model.neutral, face_vertices=model.face_vertices, face_offsets=model.face_offsets,
        loop_uvs=head.uvs[head.face_uv_indices], identity_basis=model.identity_basis, identity=head.identity,
        expression_basis=model.expression_basis, expression_names=model.expression_names,
        expression=head.expression, albedo=head.albedo, sidecar=sidecar,
        hair=None if head.hair is None else head.hair.wire()))
    return paths
