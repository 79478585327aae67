"""`python -m backend parse "TEXT"`: print the parsed description as JSON
({"concrete", "abstract", "warnings", "strength"}; see backend/parser/README.md)."""
from __future__ import annotations

HELP = "parse a face description into attributes and abstract phrases (JSON)"


def add_arguments(p) -> None:
    p.add_argument("text", help="the description, e.g. \"a young woman with green eyes\"")
    p.add_argument("--indent", type=int, default=None, help="pretty-print the JSON with this indent")


def run(args) -> int:
    from ..parser import parse

    print(parse(args.text).to_json(indent=args.indent))
    return 0
