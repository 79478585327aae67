"""`python -m backend serve`: the HTTP service (FastAPI + uvicorn) the add-on and scripts talk to.

Prints one machine-readable line once it listens, e.g.
TEXTFACE_SERVICE_READY {"url": "http://127.0.0.1:40123", "port": 40123, ...}
so a caller that starts it with --port 0 learns the port.
"""
from __future__ import annotations

HELP = "run the HTTP job service (bearer token, job queue, worker process)"
READY_PREFIX = "TEXTFACE_SERVICE_READY"
DEFAULT_PORT = 8765
DEFAULT_KEEP_JOBS = 100
DEFAULT_MAX_AGE_DAYS = 7.0
TOKEN_ENV = "TEXTFACE_SERVICE_TOKEN"  # how a parent process (the add-on) hands over a token unseen by `ps`


def add_arguments(p) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help="port; 0 picks a free one (see the READY line)")
    p.add_argument("--data-dir", default=None, help="jobs and token folder (default: TEXTFACE_DATA_DIR or "
                                                    "~/.local/share/textface)")
    p.add_argument("--token", default=None, help=f"bearer token to require (default: ${TOKEN_ENV} if set, else "
                                                 "DATA_DIR/service_token, created at first start)")
    p.add_argument("--allow-remote", action="store_true", help="allow binding to a non-loopback address")
    p.add_argument("--workers", type=int, default=1, help="worker processes (each runs one job at a time)")
    p.add_argument("--max-queue", type=int, default=64, help="jobs that may wait; more are answered with 429")
    p.add_argument("--cancel-grace", type=float, default=30.0,
                   help="seconds a cancelled job may take to stop before its worker is stopped by force")
    p.add_argument("--keep-jobs", type=int, default=DEFAULT_KEEP_JOBS,
                   help=f"ended jobs to keep, newest first; older ones are deleted with their results "
                        f"(each head is ~34 MB at 1024 px; default {DEFAULT_KEEP_JOBS}; 0 keeps all)")
    p.add_argument("--max-job-age", type=float, default=DEFAULT_MAX_AGE_DAYS, metavar="DAYS",
                   help=f"delete ended jobs older than this many days (default {DEFAULT_MAX_AGE_DAYS:g}; 0: never)")
    p.add_argument("--clip-weights", default=None, help="CLIP weights for refinement (file or open_clip tag)")
    p.add_argument("--clip-model", default="ViT-B-32", help="open_clip config name of the CLIP weights")
    p.add_argument("--stylegan", default=None, help="StyleGAN albedo checkpoint for texture='stylegan' jobs")
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    p.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"))


def _bind(host: str, port: int, allow_remote: bool):
    import ipaddress
    import socket
    import sys

    from ..cli import UserError

    if not 0 <= port <= 65535:
        raise UserError(f"--port must be in 0..65535, got {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise UserError(f"cannot resolve --host {host!r}: {exc.strerror}") from None
    if not ipaddress.ip_address(address[0]).is_loopback:
        if not allow_remote:
            raise UserError(f"--host {host} is reachable from other machines; the service is meant for this "
                            "machine only. Add --allow-remote if you really want that")
        print(f"warning: binding to {host} ({address[0]}): anyone who can reach this address and has the token "
              "can submit jobs; traffic is not encrypted", file=sys.stderr, flush=True)
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise UserError(f"cannot bind {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


def run(args) -> int:
    import json
    import os

    import uvicorn

    from ..cli import UserError
    from ..paths import data_dir, output_dir
    from ..service.app import create_app
    from ..service.auth import TokenError, check_token, load_or_create_token, token_path
    from ..service.config import ServiceConfig
    from ..service.data_lock import DataDirInUse, hold_data_dir

    if args.workers < 1 or args.max_queue < 1:
        raise UserError("--workers and --max-queue must be at least 1")
    if args.keep_jobs < 0 or not 0 <= args.max_job_age < float("inf"):
        raise UserError("--keep-jobs and --max-job-age must be 0 (no limit) or positive")
    if not 0 <= args.cancel_grace < float("inf"):  # also refuses nan: a cancelled job would never be stopped
        raise UserError(f"--cancel-grace must be 0 or a positive number of seconds, got {args.cancel_grace:g}")
    if args.clip_weights:  # each job would fail on it, refinement off or on: refuse to start instead
        from ..refine.weights_file import weights_path_problem

        problem = weights_path_problem(args.clip_weights)
        if problem:
            raise UserError(f"--clip-weights: {problem}")
    if args.stylegan:  # each texture="stylegan" job would fail on it: refuse to start instead
        from ..texture.stylegan.checkpoint_header import checkpoint_problem

        problem = checkpoint_problem(args.stylegan)
        if problem:
            raise UserError(f"--stylegan: {problem}")
    if args.device == "cuda":  # each job would fail on it: refuse to start instead ("auto" falls back to cpu)
        from ..service.cuda_probe import cuda_problem

        problem = cuda_problem()
        if problem:
            raise UserError(f"--device cuda: {problem}")
    sock = _bind(args.host, args.port, args.allow_remote)  # first: a refused address leaves nothing behind
    data_lock = None
    try:
        where = "data folder (--data-dir)" if args.data_dir else "data folder ($TEXTFACE_DATA_DIR or default)"
        folder = output_dir(args.data_dir if args.data_dir else data_dir(), where)
        host, port = sock.getsockname()[:2]
        url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        try:  # kept open (so held) for the life of this process
            data_lock = hold_data_dir(folder, url)
        except DataDirInUse as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(f"{where}: cannot lock {folder}: {exc.strerror or exc}") from None
        given = args.token or os.environ.get(TOKEN_ENV)
        if not given:
            try:
                token = load_or_create_token(folder)  # its errors name the file
            except TokenError as exc:
                raise UserError(f"{where}: {exc}") from None
        else:
            try:
                token = check_token(given)
            except TokenError as exc:
                raise UserError(f"{'--token' if args.token else '$' + TOKEN_ENV}: {exc}") from None
    except BaseException:
        sock.close()  # a bad folder or token: the port is free again at once, not when the process ends
        if data_lock is not None:
            data_lock.close()
        raise
    cfg = ServiceConfig(data_dir=folder, token=token, workers=args.workers, max_queue=args.max_queue,
                        cancel_grace_s=args.cancel_grace, clip_weights=args.clip_weights,
                        clip_model=args.clip_model, stylegan=args.stylegan, device=args.device,
                        keep_jobs=args.keep_jobs or None, max_job_age_s=args.max_job_age * 86400 or None)
    ready = {"url": url, "port": port, "pid": os.getpid(), "data_dir": str(folder),
             "token_file": None if given else str(token_path(folder))}

    class _Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if self.started:
                print(f"{READY_PREFIX} {json.dumps(ready)}", flush=True)

    server = _Server(uvicorn.Config(create_app(cfg), log_level=args.log_level, access_log=False,
                                    lifespan="on"))
    try:
        server.run(sockets=[sock])
    finally:
        data_lock.close()
    return 0 if server.started else 1
