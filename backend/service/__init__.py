"""The HTTP service: FastAPI app, job store, worker processes.  See backend/service/README.md.

Nothing is imported here: `python -m backend serve` builds the app with `app.create_app`.
"""
