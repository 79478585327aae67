"""`python -m backend submit "PROMPT"`: queue a generate job on a running service (for scripts)."""
from __future__ import annotations

from ..limits import TEXTURE_SIZES

HELP = "submit a generate job to a running service (python -m backend serve); --wait/--out fetch results"


def add_arguments(p) -> None:
    p.add_argument("prompt", help="the description")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--url", default="http://127.0.0.1:8765", help="service URL (see serve's READY line)")
    p.add_argument("--token", default=None, help="bearer token (default: read DATA_DIR/service_token)")
    p.add_argument("--data-dir", default=None, help="where the service keeps its token (default as serve)")
    p.add_argument("--no-refine", action="store_true", help="skip CLIP refinement")
    p.add_argument("--refine-steps", type=int, default=100)
    p.add_argument("--texture", default="parametric", choices=("parametric", "stylegan"))
    p.add_argument("--texture-size", type=int, default=1024, choices=TEXTURE_SIZES)
    p.add_argument("--wait", action="store_true", help="wait for the job, printing progress")
    p.add_argument("--timeout", type=float, default=None, help="give up waiting after this many seconds")
    p.add_argument("--out", default=None, help="wait, then write head.npz, the OBJ/MTL/PNG files and preview.png here")
    p.add_argument("--delete", action="store_true",
                   help="with --out: delete the job on the service once its files are written "
                        "(frees ~34 MB at 1024 px)")


def _token(args) -> str:
    from pathlib import Path

    from ..cli import UserError
    from ..client import check_token
    from ..paths import data_dir
    from ..service.auth import token_path

    if args.token:
        try:
            return check_token(args.token)
        except ValueError as exc:
            raise UserError(f"--token: {exc}") from None
    path = token_path(Path(args.data_dir) if args.data_dir else data_dir())
    try:
        return check_token(path.read_text(encoding="ascii").strip())
    except OSError as exc:
        raise UserError(f"no --token given and {path} is unreadable ({exc.strerror}); start the service "
                        "once with python -m backend serve, or pass --token") from None
    except ValueError as exc:  # non-ASCII bytes, or a line break inside: not a token the service wrote
        why = "it holds non-ASCII bytes" if isinstance(exc, UnicodeDecodeError) else exc
        raise UserError(f"{path} is not a usable token file ({why}); delete it and restart the service "
                        "to get a new token, or pass --token") from None


def run(args) -> int:
    import sys

    from .. import client as C
    from ..cli import UserError
    from ..io.staging import check_output_dir

    try:
        c = C.TextFaceClient(args.url, _token(args))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if args.delete and not args.out:
        raise UserError("--delete needs --out (the job's files would otherwise be lost)")
    # checked, not created: the folder appears only with the job's files (see _write_results)
    out = check_output_dir(args.out, "output folder (--out)") if args.out else None
    try:
        job = c.submit_generate(args.prompt, seed=args.seed, refine=not args.no_refine,
                                refine_steps=args.refine_steps, texture=args.texture,
                                texture_size=args.texture_size)
        print(f"job {job['id']} queued")
        if not (args.wait or out):
            return 0
        seen = []

        def progress(status):
            line = f"  [{status['state']} {status['stage']} {status['step']}/{status['total']}] {status['message']}"
            if not seen or seen[-1] != line:
                seen.append(line)
                print(line, flush=True)

        final = c.wait(job["id"], timeout=args.timeout, on_progress=progress)
        if out is not None:
            names = _write_results(c, job["id"], final["results"], out)
            print(f"wrote {', '.join(names)} to {out}")
            if args.delete:
                c.delete(job["id"])
                print(f"deleted job {job['id']} on the service")
        return 0
    except C.JobFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.traceback and not exc.user_error:  # a fault of the service: the trace helps a report
            print(exc.traceback, file=sys.stderr)
        return 1
    except C.JobCancelled as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (C.ClientError, TimeoutError) as exc:
        raise UserError(str(exc)) from None


def _write_results(c, job_id: str, results, out) -> list[str]:
    """Fetch the job's npz and bundle into `out`, unpacked: all of them or, on failure, none."""
    import zipfile

    from .. import client as C
    from ..io.staging import staged_output
    from ..pipeline import result_names

    with staged_output(out, replaces=result_names("head")) as stage:
        for kind in ("npz", "bundle"):
            if kind in results:
                c.fetch(job_id, kind, stage)
        bundle = stage / C.DEFAULT_FILES["bundle"]
        if bundle.is_file():
            try:
                with zipfile.ZipFile(bundle) as z:
                    z.extractall(stage)  # names are the job's own flat file names
            except (zipfile.BadZipFile, EOFError) as exc:  # the staged folder is dropped: nothing half-written
                raise C.ServiceUnavailable(f"the service sent a damaged {C.DEFAULT_FILES['bundle']} for job "
                                           f"{job_id} ({exc}); fetch it again") from None
            bundle.unlink()
        return sorted(p.name for p in stage.iterdir())
