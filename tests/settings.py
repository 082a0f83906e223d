"""Test settings: the real settings module, with the few values a test run must not inherit
from the environment. Redis is a real server started by the suite (``tests/conftest.py``)."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")  # replaced once the suite's Redis runs
os.environ["TTS_PROVIDER"] = "local"
os.environ["EMERGENCY_SAFETY_MODE"] = "false"

from teddy.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

# Static files come from the app directories in tests; there is no collectstatic output.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A file, not memory, so that a second process (a real one, in the tests that need it) can open
# the same test database; one per test run, so that two runs on one checkout never share it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-suite-{os.getpid()}.sqlite3")  # noqa: F405
    }

# Outcomes written at every request: tests empty Redis between them, and a write-behind thread
# would carry one test's counts into the next. tests/audio/test_outcomes.py tests the summing.
OUTCOMES_FLUSH_S = 0.0
