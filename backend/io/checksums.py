"""A head folder's checksum file, in `sha256sum` format ("<hex>  <name>" per line), so that a later run
(`generate --skip-existing`) or a user (`sha256sum -c head.sha256`) can tell a whole head from one that
was damaged or partly replaced after it was written."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterable

_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_checksums(folder: Path, names: Iterable[str], out_name: str) -> Path:
    """Write `out_name` in `folder` listing the SHA-256 of each of `names` (files in `folder`)."""
    lines = [f"{file_sha256(folder / n)}  {n}\n" for n in sorted(names)]
    path = folder / out_name
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
    return path


def checksum_problems(folder: Path, sums_name: str, required: Iterable[str]) -> list[str]:
    """What keeps `folder` from being whole by its checksum file: [] when every file in `required` is
    listed and every listed file has its recorded SHA-256, else one line per problem."""
    try:
        text = (folder / sums_name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return [f"no {sums_name} (written before checksums were recorded, or not by TextFace)"]
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{sums_name} unreadable: {exc}"]
    listed: dict[str, str] = {}
    for line in text.splitlines():
        m = _LINE.fullmatch(line)
        if m is None or "/" in m.group(2) or "\\" in m.group(2):
            return [f"{sums_name} is not a checksum file of this folder"]
        listed[m.group(2)] = m.group(1)
    problems = [f"{n} not listed in {sums_name}" for n in sorted(set(required) - set(listed))]
    for name, digest in sorted(listed.items()):
        try:
            if file_sha256(folder / name) != digest:
                problems.append(f"{name} differs from the file written")
        except FileNotFoundError:
            problems.append(f"{name} is missing")
        except OSError as exc:
            problems.append(f"{name} unreadable: {exc.strerror or exc}")
    return problems
