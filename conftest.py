# Root conftest: settings that every test run needs before Django starts.
import os

os.environ.setdefault("DEBUG", "1")
