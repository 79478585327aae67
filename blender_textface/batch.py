"""A batch of prompts for Generate: the lines of a text block (Blender's Text editor) or of a .txt / .jsonl file,
read without bpy.

Each line that is not blank and not a comment (`#`) is one head's description, as it is, or a JSON object as the
backend's `python -m backend generate --batch FILE.jsonl` reads: {"prompt": ..., "name": ..., "seed": ...}
("name" and "seed" optional).  A line without a seed takes the seed the backend derives from its name, or for a
line without a name from the name the backend gives it, "head_<line number>" (`seed_of`): each line its own face
(a crowd of similar lines sharing one seed made near-identical clones), and one file makes the same faces on the
command line and in Blender (the caller's seed 0; another seed offsets these, api.batch_requests).  Every bad line
is named at once."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MAX_SEED = 2**31 - 1  # api.MAX_SEED (the backend's bound)
MAX_NAME_CHARS = 64  # the backend's batch names (backend/batch_names.py MAX_NAME)
SUFFIXES = (".txt", ".jsonl", ".json")
_KEYS = {"name", "prompt", "seed"}


@dataclass(frozen=True)
class BatchLine:
    prompt: str
    seed: int  # the line's "seed", else the backend's seed of its name (`stated` says which)
    name: str | None  # None: the head is named after its prompt
    line: int  # 1-based, as the backend counts a file's lines (blank and comment lines too)
    stated: bool = False  # True: the line gives "seed" (used as it is; a derived seed is offset by the panel's)


def seed_of(name: str) -> int:
    """The backend's seed of a named line that gives none (backend/batch_names.py seed_of)."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") % (MAX_SEED + 1)


def line_name(lineno: int) -> str:
    """The name the backend gives a line without one (`generate --batch`: its folder, and its seed's source)."""
    return f"head_{lineno:04d}"


def row_seed(row: int) -> int:
    """The seed of row `row` (from 0) of a list of prompts (api.generate_heads): that of an unnamed line `row + 1`,
    the line it is in a batch of those prompts one per line (`generate --batch` and api.generate_batch)."""
    return seed_of(line_name(row + 1))


def offset_seeds(seed: int, offset: int, variations: int) -> list[int]:
    """A derived seed's `variations` seeds: offset by the caller's seed, then +1 each, modulo 2**31 (any offset
    moves every line, and the seeds stay seeds)."""
    return [(seed + offset + k) % (MAX_SEED + 1) for k in range(variations)]


def seeds_note(lines, offset: int) -> str:
    """Where a batch's seeds came from, for the report after it: "seeds from line names; panel seed +0", "seeds from
    line numbers (head_<line>); panel seed +5; 2 lines' own seeds", ..."""
    derived = [line for line in lines if not line.stated]
    named = sum(line.name is not None for line in derived)
    parts = []
    if derived:
        source = ("line names" if named == len(derived) else "line numbers (head_<line>)" if not named
                  else "line names, unnamed lines' numbers (head_<line>)")
        parts += [f"seeds from {source}", f"panel seed +{offset}"]
    stated = len(lines) - len(derived)
    if stated:
        parts.append("each line's own seed" if not derived else "1 line's own seed" if stated == 1
                     else f"{stated} lines' own seeds")
    return "; ".join(parts)


def _json_line(text: str, lineno: int) -> BatchLine:
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg}); a line is a description or a JSON object") from None
    if not isinstance(item, dict):
        raise ValueError(f'not a JSON object (expected {{"name", "prompt", "seed"}}, got {type(item).__name__})')
    extra = sorted(set(item) - _KEYS)
    if extra:
        raise ValueError(f"unknown key{'s' * (len(extra) > 1)} {', '.join(map(repr, extra))} "
                         '(a line takes "name", "prompt", "seed")')
    prompt = item.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError('no "prompt"' if prompt is None else '"prompt" must be a non-empty string')
    name = item.get("name")
    if isinstance(name, int) and not isinstance(name, bool):
        name = str(name)  # as the backend reads "name": 7
    if name is not None and (not isinstance(name, str) or not name.strip() or "\x00" in name
                             or len(name) > MAX_NAME_CHARS):
        raise ValueError(f'"name" must be text of 1 to {MAX_NAME_CHARS} characters, got {item.get("name")!r:.40}')
    seed = item.get("seed", seed_of(name if name is not None else line_name(lineno)))
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f'"seed" must be an integer in 0..{MAX_SEED}, got {item.get("seed")!r:.40}')
    return BatchLine(prompt.strip(), seed, name.strip() if name is not None else None, lineno, "seed" in item)


def read_text(text: str, source: str) -> list[BatchLine]:
    """The batch in `text` (`source` names it in messages: "text block 'Crowd'", "crowd.jsonl"); ValueError naming
    every bad line, or saying there is no prompt."""
    lines, problems, names = [], [], {}
    # lines split at "\n" alone, as the backend reads a file (its line numbers name the lines without a name)
    for lineno, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip().lstrip("\ufeff")
        if not stripped or stripped.startswith("#"):
            continue
        try:
            line = _json_line(stripped, lineno) if stripped.startswith("{") else BatchLine(
                stripped, seed_of(line_name(lineno)), None, lineno)
            if line.name is not None:
                first = names.setdefault(line.name.casefold(), lineno)  # (the backend folds case: one folder)
                if first != lineno:
                    raise ValueError(f"name {line.name!r} is a duplicate of line {first}")
        except ValueError as exc:
            problems.append(f"line {lineno}: {exc}")
            continue
        lines.append(line)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise ValueError(f"{source}: {len(problems)} bad line{'s' * (len(problems) > 1)}: "
                         + "; ".join(problems[:5]) + more)
    if not lines:
        raise ValueError(f"{source} holds no prompt: write one description per line")
    return lines


def read_file(path) -> list[BatchLine]:
    """The batch in a .txt / .jsonl file (UTF-8); ValueError for a file that is missing, not text or bad."""
    path = Path(path).expanduser()
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"the batch file must be a .txt or .jsonl file, got {path.name!r}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"the batch file does not exist: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"the batch file is a folder: {path}") from None
    except OSError as exc:
        raise ValueError(f"cannot read the batch file {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ValueError(f"{path.name}: line {line} is not UTF-8 text") from None
    return read_text(text, path.name)
