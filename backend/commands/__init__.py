"""One module per CLI command (see backend/cli.py)."""
