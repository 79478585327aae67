"""The JSON header of a safetensors file, read without torch or the safetensors package.

A safetensors file starts with an 8-byte little-endian length N, then N bytes of JSON (an object naming
each tensor, and `__metadata__`), then the tensor data.  Commands and the service judge a weights or
checkpoint option from this header before any work (the service's main process never imports torch);
each caller words what it found in its own terms, so the reader says *what* is wrong (`HeaderError.reason`)
and leaves the sentence to them.  Nothing here unpickles anything: a torch.save file is only recognised.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

PREFIX = 8  # bytes of the header length
HEADER_LIMIT = 100 * 1024 * 1024  # safetensors' own limit on the JSON header

# HeaderError.reason
SHORT = "short"                    # fewer than PREFIX + 1 bytes
NOT_SAFETENSORS = "not safetensors"  # no '{' after the length (so no JSON but an object), or a length of 0
TRUNCATED = "truncated"            # the length runs past the end of the file
TOO_LARGE = "too large"            # the length is over HEADER_LIMIT (and the file is that long)
NOT_JSON = "not json"              # the header bytes are not UTF-8 JSON


class HeaderError(ValueError):
    """A file whose first bytes are no safetensors header; `reason` is one of the constants above,
    `head` the file's first bytes (up to 16), `length` the header length the file claims (or None)."""

    def __init__(self, reason: str, detail: str, head: bytes, length: int | None = None):
        super().__init__(detail)
        self.reason, self.head, self.length = reason, head, length


def looks_like_safetensors(head: bytes) -> bool:
    """The first bytes of a file start a safetensors header (a length above 0, then '{'); whether the
    header is whole and valid, read_header says."""
    return len(head) > PREFIX and head[PREFIX:PREFIX + 1] == b"{" and int.from_bytes(head[:PREFIX], "little") > 0


def looks_like_pickle(head: bytes) -> bool:
    """The first bytes of a torch.save file: a zip (torch >= 1.6) or a raw pickle (protocol byte 0x80)."""
    return head[:2] == b"PK" or head[:1] == b"\x80"


def read_header(path: str | os.PathLike, limit: int = HEADER_LIMIT) -> dict:
    """The header object of the safetensors file at `path`.  Raises HeaderError when the file is not
    one (see its reasons), OSError when it cannot be read.  Reads at most PREFIX + `limit` bytes."""
    with Path(path).open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        head = f.read(16)
        if len(head) <= PREFIX:
            raise HeaderError(SHORT, f"only {len(head)} bytes long", head)
        if not looks_like_safetensors(head):
            raise HeaderError(NOT_SAFETENSORS, f"first bytes {head[:PREFIX + 1]!r} start no safetensors header",
                              head)
        n = int.from_bytes(head[:PREFIX], "little")
        if n > size - PREFIX:
            raise HeaderError(TRUNCATED, f"the header claims {n} bytes, the file has {size - PREFIX} after "
                                         "its length", head, n)
        if n > limit:
            raise HeaderError(TOO_LARGE, f"the header claims {n} bytes, more than the limit of {limit}", head, n)
        f.seek(PREFIX)
        raw = f.read(n)
    if len(raw) < n:  # the file shrank while it was read
        raise HeaderError(TRUNCATED, f"the header claims {n} bytes, only {len(raw)} could be read", head, n)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise HeaderError(NOT_JSON, f"the header is not JSON: {exc}", head, n) from None
    return header  # JSON that starts with '{' is an object
