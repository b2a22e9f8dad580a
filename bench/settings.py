"""Bench-only settings: production settings (config.settings, from the environment) plus the framework
floor's two views in bench.urls. Production never loads this module, so it never serves the floor."""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
# collectstatic target for the manifest storage (DEBUG off), outside the project's own staticfiles/.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", str(BASE_DIR / "bench" / "results" / "static")))
