"""The shared end of the quality reports (`python -m backend eval TARGET`): print each named check
as PASS / FAIL, write the figures as JSON when asked, and give the exit status (1 if one failed)."""
from __future__ import annotations

import json


def finish(ok: dict[str, bool], report: dict, json_out: str | None, indent: int = 1) -> int:
    for name, passed in ok.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    report["checks"] = ok
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=indent)
    return 0 if all(ok.values()) else 1
