"""Settings for the fault demo (bench/faults.py): production settings with the static files
collected into the demo's temporary directory, so the repository's staticfiles/ is left alone."""

import json
import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["FAULTS_STATIC_ROOT"]

# To compare pool settings (see bench/faults.py): FAULTS_POOL='{"timeout": 10}' overrides psycopg
# pool options; FAULTS_HEALTH_CHECKS=0 turns off the pool's check of a connection on checkout.
DATABASES["default"]["OPTIONS"]["pool"].update(json.loads(os.environ.get("FAULTS_POOL", "{}")))  # noqa: F405
if os.environ.get("FAULTS_HEALTH_CHECKS") == "0":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
