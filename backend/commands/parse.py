"""`python -m backend parse "TEXT"`: print the parsed description as JSON
({"concrete", "abstract", "warnings", "strength", "denied"}; see backend/parser/README.md)."""
from __future__ import annotations

HELP = "parse a face description into attributes and abstract phrases (JSON)"
MAX_INDENT = 16


def add_arguments(p) -> None:
    p.add_argument("text", help="the description, e.g. \"a young woman with green eyes\"")
    p.add_argument("--indent", type=int, default=None, help=f"pretty-print the JSON with this indent (0..{MAX_INDENT})")


def run(args) -> int:
    from ..cli import UserError
    from ..parser import parse

    if args.indent is not None and not 0 <= args.indent <= MAX_INDENT:
        raise UserError(f"--indent must be in 0..{MAX_INDENT}, got {args.indent}")
    print(parse(args.text).to_json(indent=args.indent))
    return 0
