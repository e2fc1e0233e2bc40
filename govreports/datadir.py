"""The project's data folder, shared by the archive and the database: GOVREPORTS_DATA_DIR, else ./data."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "GOVREPORTS_DATA_DIR"


def data_dir() -> Path:
    """The folder that holds data/archive and the default SQLite file."""
    return Path(os.environ.get(ENV_DATA_DIR) or Path.cwd() / "data")
