"""`python -m backend submit "PROMPT"`: queue a generate job on a running service (for scripts)."""
from __future__ import annotations

from ..limits import TEXTURE_SIZES
from .serve import TOKEN_ENV

HELP = ("submit a generate job (or --refine-job ID: a refine job) to a running service (python -m backend serve); "
        "--wait/--out fetch results, --cancel ID cancels a job")
EPILOG = ("Without --wait or --out the command returns once the job is queued (it runs on; fetch it later with "
          "--job ID --out DIR).  Ctrl-C while waiting for a job this command queued cancels it on the service; "
          "while waiting for an earlier job (--job ID) it only stops waiting.  --cancel ID cancels any queued or "
          "running job.")
RECONNECT_S = 30.0  # default --reconnect-timeout: a service restart (stop, start, recover the jobs) fits
CANCEL_WAIT_S = 3.0  # how long Ctrl-C's cancel waits to see the job stop before it says it is stopping


def add_arguments(p) -> None:
    p.epilog = EPILOG
    p.add_argument("prompt", nargs="?", help="the description (omit with --job or --cancel)")
    p.add_argument("--job", default=None, metavar="ID",
                   help="do not submit: wait for / fetch the files of job ID, queued earlier (e.g. one that "
                        "outlasted --timeout); with --out or --wait")
    p.add_argument("--cancel", default=None, metavar="ID",
                   help="do not submit: cancel job ID on the service (queued: at once; running: where it is)")
    p.add_argument("--refine-job", default=None, metavar="ID",
                   help="submit a refine job instead: CLIP-refine the head of finished job ID towards the prompt's "
                        "abstract phrases (as refine HEAD.json TEXT); its OBJ files keep that job's --obj-units "
                        "unless --obj-units is given")
    p.add_argument("--seed", type=int, default=None, help="default 0 (a refine job keeps its head's seed)")
    p.add_argument("--url", default="http://127.0.0.1:8765", help="service URL (see serve's READY line)")
    p.add_argument("--token", default=None, help="bearer token (default: $TEXTFACE_SERVICE_TOKEN if set, as serve "
                                                  "takes it, else read DATA_DIR/service_token)")
    p.add_argument("--data-dir", default=None, help="where the service keeps its token (default as serve)")
    p.add_argument("--no-refine", action="store_true", help="skip CLIP refinement")
    p.add_argument("--refine-steps", type=int, default=100)
    p.add_argument("--texture", default=None, choices=("parametric", "stylegan"), help="default parametric")
    p.add_argument("--texture-size", type=int, default=None, choices=TEXTURE_SIZES, help="default 1024")
    p.add_argument("--obj-units", default=None, choices=("cm", "m"),
                   help="units of the job's OBJ files (head.obj, and hair.obj where the head has one): cm (default, "
                        "the ICT model's own) or m (x 0.01, for importers that take metres: Blender, Unity), as "
                        "generate --obj-units; the service writes them so, head.sha256 lists them as written; head.npz, "
                        "which the add-on reads, is the same either way")
    p.add_argument("--hair", default=None, choices=("auto", "none"),
                   help="auto (default): a hair mesh (hair.obj, hair.mtl, hair_albedo.png, in head.npz) as the prompt "
                        "states or the seed draws, as generate --hair; none: the hair painted into the albedo only")
    p.add_argument("--wait", action="store_true", help="wait for the job, printing progress")
    p.add_argument("--timeout", type=float, default=None, help="give up waiting after this many seconds")
    p.add_argument("--reconnect-timeout", type=float, default=RECONNECT_S, metavar="S",
                   help=f"while waiting for a job already queued, retry a service that cannot be reached (being "
                        f"restarted) for up to S s, backing off (default {RECONNECT_S:g}; 0: give up at once); then "
                        f"say how to fetch the job later.  A submit that cannot reach the service fails at once")
    p.add_argument("--out", default=None, help="wait, then write head.npz, the OBJ/MTL/PNG files and preview.png here")
    p.add_argument("--delete", action="store_true",
                   help="with --out: delete the job on the service once its files are written "
                        "(frees ~34 MB at 1024 px)")


def _env_token() -> str | None:
    import os

    return os.environ.get(TOKEN_ENV) or None


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
    env = _env_token()
    if env is not None:  # what serve takes from the same variable: a script sets it once for both
        try:
            return check_token(env)
        except ValueError as exc:
            raise UserError(f"${TOKEN_ENV}: {exc}") from None
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

    if args.cancel is not None:
        return _cancel_command(args)
    if args.refine_job is not None:
        _check_refine_options(args)
    if args.job is None and args.prompt is None:
        raise UserError("no prompt given (or --job ID to fetch a job queued earlier, --cancel ID to cancel one)")
    if args.job is not None and args.prompt is not None:
        raise UserError("give a prompt or --job ID, not both")
    if args.job is not None and not (args.wait or args.out):
        raise UserError("--job ID needs --out DIR (fetch its files) or --wait")
    if args.job is not None and args.hair is not None:
        raise UserError("--hair is a job's option, set when it is submitted: drop it with --job ID")
    if args.job is not None and args.obj_units is not None:
        raise UserError("--obj-units is a job's option, set when it is submitted: --job ID fetches the OBJ files "
                        "in the units that job was given")
    try:
        c = C.TextFaceClient(args.url, _token(args))
        for option, given in (("--job", args.job), ("--refine-job", args.refine_job)):
            if given is not None:  # a malformed id is one line before anything is asked
                try:
                    C.TextFaceClient._job_path(given)
                except ValueError as exc:
                    raise ValueError(f"{option}: {exc}") from None
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not 0 <= args.reconnect_timeout < float("inf"):  # also refuses nan
        raise UserError(f"--reconnect-timeout must be 0 or a positive number of seconds, got {args.reconnect_timeout:g}")
    if args.delete and not args.out:
        raise UserError("--delete needs --out (the job's files would otherwise be lost)")
    # checked, not created: the folder appears only with the job's files (see _write_results)
    out = check_output_dir(args.out, "output folder (--out)") if args.out else None
    job_id = args.job
    try:
        if job_id is None and args.refine_job is not None:
            job_id = c.submit_refine(args.prompt, source_job=args.refine_job, refine_steps=args.refine_steps,
                                     obj_units=args.obj_units)["id"]
        if job_id is None:
            job_id = c.submit_generate(args.prompt, seed=0 if args.seed is None else args.seed,
                                       refine=not args.no_refine, refine_steps=args.refine_steps,
                                       texture=args.texture or "parametric", texture_size=args.texture_size or 1024,
                                       obj_units=args.obj_units or "cm", hair=args.hair or "auto")["id"]
        if args.job is None:
            print(f"job {job_id} queued", flush=True)
            if not (args.wait or out):
                return 0
        try:
            return _wait_and_write(c, job_id, args, out)
        except KeyboardInterrupt:  # Ctrl-C means stop: the job this command queued is cancelled too
            print(f"interrupted: {_interrupted(c, job_id, cancel=args.job is None)}", file=sys.stderr, flush=True)
            return 130
    except C.AuthError as exc:  # say which token was sent, and where the right one is
        raise UserError(f"{exc} ({_token_source(args)}); a service started with --data-dir DIR keeps its token "
                        "in DIR/service_token: pass the same --data-dir, or --token") from None
    except C.BadRequest as exc:
        if exc.refused_text:  # the parser's one line, as generate prints it (no job was made)
            raise UserError(exc.detail) from None
        if exc.status == 422 and "'hair'" in exc.detail:  # a service from before hair meshes
            raise UserError(f"the service at {c.url} does not know --hair (it is older than this client; it makes "
                            "no hair mesh): update it, or submit without --hair") from None
        if exc.status == 422 and "obj_units" in exc.detail:  # a service from before the option
            raise UserError(f"the service at {c.url} does not know --obj-units{' for refine jobs' * bool(args.refine_job)}"
                            " (it is older than this client; it writes centimetres): update it, or submit without "
                            "--obj-units") from None
        if job_id is None and args.refine_job:  # (an unknown or unfinished source job: 404, 409)
            raise UserError(f"--refine-job {args.refine_job}: {exc}") from None
        raise UserError(f"--job {job_id}: {exc}" if args.job else str(exc)) from None
    except C.ServiceUnavailable as exc:
        if args.job is None and job_id is not None:  # lost after it was queued: the job may be there to fetch
            raise UserError(f"{exc}; job {job_id} was queued: fetch it later with python -m backend submit --job "
                            f"{job_id} --out DIR --url {c.url}") from None
        raise UserError(f"--job {job_id}: {exc}" if args.job else str(exc)) from None
    except C.ClientError as exc:  # an unknown --job is the service's 404, named by its id
        raise UserError(f"--job {job_id}: {exc}" if args.job else str(exc)) from None


def _wait_and_write(c, job_id: str, args, out) -> int:
    import shlex
    import sys

    from .. import client as C
    from ..cli import UserError

    try:
        seen = []

        def progress(status):
            line = f"  [{status['state']} {status['stage']} {status['step']}/{status['total']}] {status['message']}"
            if not seen or seen[-1] != line:
                seen.append(line)
                print(line, flush=True)

        def lost(exc, seconds):
            print(f"{exc}; retrying for up to {seconds:g} s (job {job_id}; --reconnect-timeout)", file=sys.stderr,
                  flush=True)

        fetch = f"python -m backend submit --job {job_id} --out {shlex.quote(str(out)) if out else 'DIR'} --url {c.url}"
        try:
            final = c.wait(job_id, timeout=args.timeout, on_progress=progress,
                           reconnect_timeout=args.reconnect_timeout, on_reconnect=lost)
        except C.ReconnectGaveUp as exc:  # the job may live on (or be reported failed) once the service is back
            raise UserError(f"{exc}; job {job_id} may still be on the service: once it is back, fetch it with "
                            f"{fetch}") from None
        except TimeoutError as exc:  # the job goes on: say how to get its files later
            raise UserError(f"{exc}; it goes on running on the service: fetch its files later with "
                            f"python -m backend submit --job {job_id} --out DIR --url {c.url} "
                            f"(cancel it with python -m backend submit --cancel {job_id} --url {c.url})") from None
        if out is not None:
            names, sidecar = _write_results(c, job_id, final["results"], out)
            _print_notes(sidecar)
            print(f"wrote {', '.join(names)} to {out}")
            if args.delete:
                c.delete(job_id)
                print(f"deleted job {job_id} on the service")
        elif "json" in final["results"]:
            _print_notes(_fetch_sidecar(c, job_id))
        return 0
    except C.JobFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.traceback and not exc.user_error:  # a fault of the service: the trace helps a report
            print(exc.traceback, file=sys.stderr)
        return 1
    except C.JobCancelled as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _check_refine_options(args) -> None:
    """--refine-job ID "TEXT": a refine job's options only (the head's seed, texture and hair are its own)."""
    from ..cli import UserError

    if args.prompt is None:
        raise UserError('--refine-job ID needs the text to refine towards, e.g. "looks kind and wise"')
    if args.job is not None:
        raise UserError("give --refine-job ID (submit a refinement) or --job ID (fetch a job), not both")
    given = [name for name, value in (("--seed", args.seed), ("--texture", args.texture),
                                      ("--texture-size", args.texture_size), ("--hair", args.hair),
                                      ("--no-refine", args.no_refine or None)) if value is not None]
    if given:
        raise UserError(f"{', '.join(given)} do{'es' * (len(given) == 1)} not apply to --refine-job (the refined "
                        "head keeps its own seed, texture and hair)")


def _interrupted(c, job_id: str, cancel: bool) -> str:
    """After Ctrl-C: cancel the job (when this command queued it) and say in one line where it stands."""
    from .. import client as C

    fetch = f"python -m backend submit --job {job_id} --out DIR --url {c.url}"
    cancel_cmd = f"python -m backend submit --cancel {job_id} --url {c.url}"
    if not cancel:
        return f"stopped waiting; job {job_id} goes on on the service (fetch it: {fetch}; cancel it: {cancel_cmd})"
    quick = C.TextFaceClient(c.url, c.token, timeout=5.0)  # a hung service must not hold the user's Ctrl-C
    try:
        status = _cancel_and_wait(quick, job_id)
    except C.BadRequest as exc:
        if exc.status == 409:  # it ended before the cancel reached it
            state = _state(quick, job_id)
            if state == "done":
                return f"job {job_id} had already finished; its files are on the service: {fetch}"
            return f"job {job_id} had already ended ({state or exc.detail}); nothing to cancel"
        return f"could not cancel job {job_id} ({exc}); it may still run on the service: {cancel_cmd} (or {fetch})"
    except C.ClientError as exc:
        return f"could not cancel job {job_id} ({exc}); it may still run on the service: {cancel_cmd} (or {fetch})"
    if status["state"] == "cancelled":
        return f"job {job_id} cancelled on the service"
    if status["state"] == "cancelling":
        return f"job {job_id} is being cancelled on the service (it stops where it is)"
    return f"job {job_id} is {status['state']} on the service ({fetch})"


def _cancel_and_wait(c, job_id: str) -> dict:
    """Ask the service to cancel; wait up to CANCEL_WAIT_S for it to leave 'cancelling'; its last status."""
    import time

    status = c.cancel(job_id)
    deadline = time.monotonic() + CANCEL_WAIT_S
    while status["state"] == "cancelling" and time.monotonic() < deadline:
        time.sleep(0.1)
        status = c.status(job_id)
    return status


def _state(c, job_id: str) -> str | None:
    from .. import client as C

    try:
        return c.status(job_id)["state"]
    except (C.ClientError, KeyError, TypeError):
        return None


def _cancel_command(args) -> int:
    """`submit --cancel ID`: cancel a queued or running job; one line on what happened."""
    from .. import client as C
    from ..cli import UserError

    if args.prompt is not None or args.job is not None or args.refine_job is not None:
        raise UserError("--cancel ID takes no prompt, no --job and no --refine-job")
    if args.out or args.wait or args.delete or args.obj_units or args.hair:
        raise UserError("--cancel ID does not fetch anything: drop --out, --wait, --delete, --obj-units and --hair")
    try:
        c = C.TextFaceClient(args.url, _token(args))
        C.TextFaceClient._job_path(args.cancel)
    except ValueError as exc:
        raise UserError(f"--cancel: {exc}") from None
    job_id = args.cancel
    try:
        status = _cancel_and_wait(c, job_id)
    except C.AuthError as exc:
        raise UserError(f"{exc} ({_token_source(args)}); a service started with --data-dir DIR keeps its token "
                        "in DIR/service_token: pass the same --data-dir, or --token") from None
    except C.BadRequest as exc:
        if exc.status == 409:
            raise UserError(f"--cancel {job_id}: {exc.detail}; nothing to cancel") from None
        raise UserError(f"--cancel {job_id}: {exc}") from None
    except C.ClientError as exc:
        raise UserError(f"--cancel {job_id}: {exc}") from None
    if status["state"] == "cancelled":
        print(f"job {job_id} cancelled")
    else:
        print(f"job {job_id} is being cancelled on the service (it stops where it is)")
    return 0


def _token_source(args) -> str:
    from pathlib import Path

    from ..paths import data_dir
    from ..service.auth import token_path

    if args.token:
        return "the token given with --token"
    if _env_token() is not None:
        return f"the token in ${TOKEN_ENV}"
    return f"the token read from {token_path(Path(args.data_dir) if args.data_dir else data_dir())}"


def _print_notes(sidecar: dict) -> None:
    """What generate prints of a head besides its files: a refinement that was skipped, the warnings."""
    from ..refine.weights_file import NO_WEIGHTS  # (torch-free)
    from .generate import print_notes

    ref = sidecar.get("refinement") or {}
    reason = None
    if str(ref.get("reason")).startswith(NO_WEIGHTS):  # the service's, whose reason names serve's option as generate's
        reason = f"the service has {NO_WEIGHTS} (its operator starts it with `serve --clip-weights PATH`)"
    print_notes(ref, (sidecar.get("parsed") or {}).get("warnings", []), reason)


def _fetch_sidecar(c, job_id: str) -> dict:
    import tempfile
    from pathlib import Path

    from .. import client as C

    with tempfile.TemporaryDirectory() as tmp:
        path = c.fetch(job_id, "json", Path(tmp) / "head.json")
        return _read_sidecar(path, job_id, C)


def _read_sidecar(path, job_id: str, C) -> dict:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise C.ServiceUnavailable(f"the service sent an unreadable head.json for job {job_id} ({exc})") from None
    if not isinstance(data, dict):
        raise C.ServiceUnavailable(f"the service sent a head.json for job {job_id} that is not a JSON object")
    return data


def _write_results(c, job_id: str, results, out) -> tuple[list[str], dict]:
    """Fetch the job's npz and bundle into `out`, unpacked, with the checksum file of them: all of them
    or, on failure, none.  Returns the names written and the head's sidecar."""
    import zipfile

    from .. import client as C
    from ..io.staging import staged_output
    from ..pipeline import result_names

    from ..io.checksums import write_checksums
    from ..pipeline import checksums_name, timings_name

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
        sidecar = _read_sidecar(stage / "head.json", job_id, C) if (stage / "head.json").is_file() else {}
        # as generate writes it: `sha256sum -c head.sha256` and generate --skip-existing can check the folder
        write_checksums(stage, [p.name for p in stage.iterdir() if p.name != timings_name()], checksums_name("head"))
        return sorted(p.name for p in stage.iterdir()), sidecar
