"""The bearer token: generated at first start into DATA_DIR/service_token (mode 0600), or given."""
from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from ..errors import TextFaceError

TOKEN_FILE = "service_token"
MIN_TOKEN = 16


class TokenError(TextFaceError):
    """A token file that others can read, or a token too short to be one."""


def check_token(token: str) -> str:
    # ASCII only: HTTP headers arrive latin-1 decoded and clients encode them as latin-1 (or refuse),
    # so a token with other characters could never match the one a client sends
    if (len(token) < MIN_TOKEN or not token.isascii() or not token.isprintable()
            or any(c.isspace() for c in token)):
        raise TokenError(f"the token must be at least {MIN_TOKEN} printable ASCII characters without spaces")
    return token


def _read_token(path: Path) -> str:
    try:
        token = path.read_text(encoding="ascii").strip()
    except UnicodeDecodeError:
        raise TokenError(f"{path} is not a token (it holds non-ASCII bytes); fix it or delete it to get "
                         f"a new token") from None
    except OSError as exc:
        raise TokenError(f"cannot read the token file {path}: {exc.strerror}") from None
    try:
        return check_token(token)
    except TokenError as exc:
        raise TokenError(f"{path}: {exc}; fix it or delete it to get a new token") from None


def token_path(data_dir: Path) -> Path:
    return Path(data_dir) / TOKEN_FILE


def load_or_create_token(data_dir: Path) -> str:
    """Read the stored token, creating it (user-only permissions) the first time."""
    data_dir = Path(data_dir)
    path = token_path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise TokenError(f"cannot create the folder {data_dir}: {exc.strerror or exc}") from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise TokenError(f"{path} can be read by other users (mode {stat.filemode(mode)}); "
                             f"run chmod 600 {path} or delete it to get a new token") from None
        return _read_token(path)
    except OSError as exc:  # a read-only or full file system: one line naming the file, not a traceback
        raise TokenError(f"cannot create the token file {path}: {exc.strerror or exc}") from None
    # hex, not urlsafe base64: one token in 64 of those began with "-", which `submit --token TOKEN` reads as an option
    token = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(token + "\n")
    return token
