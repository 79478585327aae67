"""`python -m backend generate "TEXT" --seed N --out DIR`: text -> head files (+ batch, variations)."""
from __future__ import annotations

import re

from ..limits import MAX_SEED, TEXTURE_SIZES

HELP = "generate a head from a description (OBJ, MTL, albedo PNG, JSON sidecar, npz, preview.png)"
DESCRIPTION = (HELP + ".  head.obj is in centimetres, the ICT Face Model's units (the mesh, neck included, is ~34 cm tall), Y up, "
               "+Z forward (the face looks along +Z), as its header comment says: import it with scale 0.01 for "
               "metres (Blender's OBJ import: Scale 0.01; Unity: Scale Factor 0.01), or write it in metres with "
               "--obj-units m.  head.npz (the wire format the "
               "Blender add-on reads), head.json (prompt, parsed attributes, coefficients, seed) and head.sha256 "
               "(the files' checksums) are written beside it.")
MAX_BATCH = 10_000


def add_arguments(p) -> None:
    p.description = DESCRIPTION
    p.add_argument("prompt", nargs="?", help="the description (omit with --batch)")
    p.add_argument("--seed", type=int, default=None, help="default 0; not with --batch (lines have seeds)")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--no-refine", action="store_true", help="skip CLIP refinement of abstract phrases")
    p.add_argument("--refine-steps", type=int, default=100)
    p.add_argument("--clip-weights", default=None, help="local open_clip checkpoint (safetensors or state dict)")
    p.add_argument("--clip-model", default="ViT-B-32", help="open_clip model config name")
    p.add_argument("--texture", default="parametric", help="parametric (default) or stylegan:PATH")
    p.add_argument("--texture-size", type=int, default=1024, choices=TEXTURE_SIZES)
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    p.add_argument("--no-preview", action="store_true", help="do not render preview.png")
    p.add_argument("--hair", default="auto", choices=("auto", "none"),
                   help="auto (default): a hair mesh (hair.obj, hair.mtl, hair_albedo.png, in head.npz) as the prompt "
                        "states or the seed draws; none: the hair painted into the albedo only")
    p.add_argument("--variations", type=int, default=1,
                   help="write K seeds (seed, seed+1, ...) of the prompt; not with --batch")
    p.add_argument("--batch", default=None,
                   help='JSONL file, lines {"name":..., "prompt":..., "seed":...}; "name" (default head_LINE) names '
                        "the head's folder: 1-64 letters of any script, digits, spaces, '_', '-', '.', unique "
                        'ignoring case; a line without "seed" gets one from its name (sha256, printed), so lines of '
                        "one prompt are different people and a head keeps its face when lines move")
    p.add_argument("--obj-units", default="cm", choices=("cm", "m"),
                   help="units of head.obj's vertices: cm (default, the ICT model's own) or m (x 0.01, for importers "
                        "that take metres: Blender, Unity); head.npz, which the add-on reads, is the same either way")
    p.add_argument("--skip-existing", action="store_true",
                   help="resume a batch or variations: skip a head whose folder already holds a complete head "
                        "of the same prompt, seed and texture size, every file as written (head.sha256); "
                        "not compared: code version, refinement options")


def already_written(target, prompt: str, seed: int, texture_size: int, preview: bool,
                    obj_units: str = "cm") -> str | None:
    """None when `target` holds a whole head of this prompt, seed and texture size (every file there and
    as written, by its checksum file), else why not (one line, for the log)."""
    import json

    from ..io.checksums import checksum_problems
    from ..pipeline import checksums_name, hair_names, result_names, timings_name

    names = [n for n in result_names() if (preview or n != "preview.png")  # the run's timings: not the head
             and n not in (checksums_name(), timings_name())]
    if not (target / hair_names()[0]).is_file():  # a head without a hair mesh has none of its files
        names = [n for n in names if n not in hair_names()]
    missing = [n for n in names if not (target / n).is_file()]
    if missing:
        return f"{', '.join(missing)} missing"
    try:
        sidecar = json.loads((target / "head.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return "head.json unreadable"
    texture = sidecar.get("texture") if isinstance(sidecar, dict) else None
    if not (isinstance(texture, dict) and sidecar.get("prompt") == prompt and sidecar.get("seed") == seed
            and texture.get("size") == texture_size):
        return "another prompt, seed or texture size"
    from ..io.obj import obj_units_of

    if obj_units_of(target / "head.obj") != obj_units:
        return f"head.obj is in other units (not {obj_units})"
    problems = checksum_problems(target, checksums_name(), names)
    return "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "") or None


def _other_heads(out, written: set[str]) -> list[str]:
    """Sub-folders of `out` holding a head (head.json) that this run does not write, in natural order."""
    if not out.is_dir():
        return []
    names = [d.name for d in out.iterdir() if d.name not in written and d.is_dir() and (d / "head.json").is_file()]
    return sorted(names, key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])


def print_notes(refinement: dict, warnings, reason: str | None = None) -> None:
    """What is printed of a head besides its files (generate, and submit of a service's head): a refinement
    that was skipped, with `reason` in place of the recorded one when given, and the parser's warnings."""
    if refinement.get("status") == "skipped":
        print(f"note: abstract phrases {refinement.get('phrases')} not refined: {reason or refinement.get('reason')}")
    elif refinement.get("status") == "done" and refinement.get("summary"):  # whether the CLIP score rose or not
        print(refinement["summary"])
    for w in warnings:
        print(f"warning: {w}")


def read_batch(path: str) -> list[dict]:
    from ..cli import UserError
    from ..paths import existing_file

    p = existing_file(path, "batch file (--batch)", (".jsonl", ".json", ".txt"))
    items, names, problems = [], {}, []
    with open(p, "rb") as f:  # bytes, decoded line by line: a bad byte is reported with its line
        for lineno, raw in enumerate(f, 1):
            try:  # every bad line is reported at once: one run to fix them all, not one run each
                item = _batch_line(raw, lineno, names)
            except ValueError as exc:
                problems.append(f"line {lineno}: {exc}")
                continue
            if item is not None:
                items.append(item)
            if len(items) > MAX_BATCH:
                raise UserError(f"{p.name}: more than {MAX_BATCH} lines")
    if problems:
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise UserError(f"{p.name}: {len(problems)} bad line{'s' * (len(problems) > 1)}: "
                        + "; ".join(problems[:10]) + more)
    if not items:
        raise UserError(f"{p.name}: no prompts")
    derived = [(it["name"], it.pop("seed_from_name"), it["seed"]) for it in items if "seed_from_name" in it]
    if derived:  # said, so a seed is never a silent 0 (two seedless lines of one prompt were identical twins)
        shown = ", ".join(f"{name} (line {line}) seed {seed}" for name, line, seed in derived[:10])
        print(f"note: {len(derived)} line{'s' * (len(derived) > 1)} of {p.name} give no seed; each gets one from its "
              f"name: {shown}" + (f" and {len(derived) - 10} more" if len(derived) > 10 else ""))
    return items


def _batch_line(raw: bytes, lineno: int, names: dict) -> dict | None:
    """One line of a batch file -> {"name", "prompt", "seed"}, None when blank; ValueError says what is wrong."""
    import json

    from ..parser.normalize import clean
    from ..parser.result import ParseError
    from ..batch_names import check_name, folder_key, seed_of

    try:
        line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")  # a BOM, as Windows editors write it
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    if not line.strip():
        return None
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(item, dict):
        raise ValueError(f'not a JSON object (expected {{"name", "prompt", "seed"}}, got {type(item).__name__})')
    extra = sorted(set(item) - {"name", "prompt", "seed"})
    if extra:
        raise ValueError(f"unknown key{'s' * (len(extra) > 1)} {', '.join(map(repr, extra))} "
                         '(a line takes "name", "prompt", "seed")')
    if "prompt" not in item:
        raise ValueError('no "prompt"')
    name = check_name(item.get("name", f"head_{lineno:04d}"))  # each rule its own message (backend/batch_names.py)
    if folder_key(name) in names:
        line, first = names[folder_key(name)]
        raise ValueError(f"name {name!r} is a duplicate of line {line}" + (
            "" if first == name else f" ({first!r}: one folder where case is folded, as on macOS and Windows)"))
    seed = item.get("seed", seed_of(name, MAX_SEED))
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be an integer in 0..{MAX_SEED}")
    try:  # the parser's own input check (empty, over-long, a NUL, not text): with the other bad lines,
        clean(item["prompt"])  # not one failure per head after the earlier heads were made
    except ParseError as exc:
        raise ValueError(str(exc)) from None
    names[folder_key(name)] = (lineno, name)
    return {"name": name, "prompt": item["prompt"], "seed": seed, **({} if "seed" in item else {
        "seed_from_name": lineno})}


def run(args) -> int:
    import sys
    from dataclasses import replace
    from pathlib import Path

    from ..cli import UserError, print_progress
    from ..errors import TextFaceError
    from ..io.staging import check_output_dir
    from ..pipeline import GenerateOptions, generate_head, write_head

    if args.batch and args.prompt:
        raise UserError("give a prompt or --batch FILE, not both")
    if not args.batch and args.prompt is None:
        raise UserError("no prompt given (or use --batch FILE)")
    if not 1 <= args.variations <= 64:
        raise UserError("--variations must be in 1..64")
    if args.batch and (args.seed is not None or args.variations != 1):  # not silently ignored
        raise UserError("--seed and --variations do not apply to --batch FILE (each line gives its own seed)")
    seed = 0 if args.seed is None else args.seed
    # every seed of the run, before any work (a late failure would leave the earlier heads' folders)
    if args.variations > 1 and not 0 <= seed <= MAX_SEED - (args.variations - 1):
        raise UserError(f"--seed {seed} with --variations {args.variations} needs seeds {seed}.."
                        f"{seed + args.variations - 1}; seeds must be in 0..{MAX_SEED}")
    opts = GenerateOptions(seed=seed, refine=not args.no_refine, refine_steps=args.refine_steps,
                           texture=args.texture, texture_size=args.texture_size,
                           clip_weights=args.clip_weights, clip_model=args.clip_model, device=args.device,
                           hair=args.hair)
    opts.validated()
    # checked, not created: write_head makes each folder once its head is complete, so a failed
    # command leaves no empty folders behind
    out = check_output_dir(args.out, "output folder (--out)")
    if args.batch:
        jobs = [(Path(out) / it["name"], it["prompt"], it["seed"]) for it in read_batch(args.batch)]
    elif args.variations > 1:
        jobs = [(Path(out) / f"seed_{seed + k}", args.prompt, seed + k) for k in range(args.variations)]
    else:
        jobs = [(Path(out), args.prompt, seed)]

    # heads of an earlier run in the same folder (a larger --variations, another batch) are left as they are,
    # as generate leaves any file it does not write: said at the end, so they are not taken for this run's
    others = [] if len(jobs) == 1 else _other_heads(Path(out), {t.name for t, _, _ in jobs})
    failures = skipped = 0
    for target, prompt, seed in jobs:
        if len(jobs) > 1:
            print(f"== {target.name}: {prompt!r} (seed {seed})")
        if args.skip_existing and target.exists():
            why_not = already_written(target, prompt, seed, opts.texture_size, not args.no_preview, args.obj_units)
            if why_not is None:
                skipped += 1
                print(f"skipped: {target} already holds this head (--skip-existing)")
                continue
            print(f"making {target.name} again: {why_not}")
        try:
            head = generate_head(prompt, replace(opts, seed=seed), progress=print_progress)
            paths = write_head(head, target, preview=not args.no_preview, progress=print_progress,
                               obj_units=args.obj_units)
        except TextFaceError as exc:
            if len(jobs) == 1:
                raise
            failures += 1
            print(f"error: {target.name}: {exc}", file=sys.stderr)
            continue
        print_notes(head.refinement, head.parsed.get("warnings", []))
        print(f"wrote {', '.join(str(p) for p in paths.values())}")
    if skipped:
        print(f"{skipped} of {len(jobs)} heads already written, skipped")
    if others:
        shown = ", ".join(others[:10]) + (f" and {len(others) - 10} more" if len(others) > 10 else "")
        print(f"note: {out} also holds {len(others)} head folder{'s' * (len(others) > 1)} this run did not write "
              f"({shown}), left from an earlier run; remove them or use another --out to keep only this run's heads")
    if failures:
        print(f"{failures} of {len(jobs)} heads failed", file=sys.stderr)
        return 1
    return 0
