"""Shared fixtures: a real Redis for the whole run, and the people and toys of our stories.

- ``toy``: a registered device and its token; ``toy_client`` speaks to the API as that toy.
- ``sre_alice`` may act on runbooks, ``auditor_bob`` reads compliance records,
  ``outsider_charlie`` has an account and no role.
- ``log_watch`` (the whole run): every log record, as production writes it, to a file that
  ``tests/test_log_leaks.py`` searches last for the run's tokens and children's texts;
  ``json_log``: the records of one test, parsed.
"""

from __future__ import annotations

import functools
import io
import logging
import logging.config
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.utils import timezone
from django_guid.context import guid
from pytest_redis import factories
from rest_framework.test import APIClient

from audio import health, metrics
from audio.api import fast
from safety import coppa
from safety.emergency import EMERGENCY
from safety.engine import RULES_VERSION, SafetyEngine
from safety.models import Child, ConsentScope, Parent, ParentalConsent
from teddy import hotdb, ratelimit
from teddy.models import Device
from teddy.settings import channel_layers
from tests.fakes.openai_server import FakeOpenAI
from tests.logcheck import LogWatch, json_log_handler, records

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
redis_server = factories.redis_proc(executable=REDIS_SERVER, port=None, save="")
FAKE_OPENAI_KEY = "sk-test-fake"
#: The test's own clients: what they log at DEBUG (headers, frames) is what the test sent.
CLIENT_LOGGERS = ("websockets.client", "httpx", "httpcore")
LEAK_TEST = "tests/test_log_leaks.py::test_the_suite_logged_no_token_and_no_child_text"


def pytest_collection_modifyitems(config, items) -> None:
    """The leak test reads the whole run's log: it runs last."""
    items.sort(key=lambda item: item.nodeid == LEAK_TEST)  # a stable sort: only it moves


@pytest.fixture(scope="session", autouse=True)
def log_watch(tmp_path_factory) -> Iterator[LogWatch]:
    """From the first test on, every record at every level goes to a file, formatted as in
    production; every token issued and every text the safety engine is asked about is noted."""
    import teddy.asgi  # noqa: F401 - its django.setup() applies LOGGING again: done before, now

    path = tmp_path_factory.mktemp("logs") / "suite.jsonl"
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", *CLIENT_LOGGERS)}
    consoles = [handler for handler in root.handlers if handler.name == "console"]
    with path.open("a", encoding="utf-8") as stream, pytest.MonkeyPatch.context() as patch:
        watch = LogWatch(path, json_log_handler(stream))
        watch.tokens.update({FAKE_OPENAI_KEY, django_settings.SECRET_KEY})
        for console in consoles:  # put back as it was afterwards
            patch.setattr(console, "level", console.level)

        configured_level = root.level

        def watch_all() -> None:
            for console in [h for h in root.handlers if h.name == "console"]:
                console.setLevel(console.level or configured_level)  # DEBUG: the file only
            root.addHandler(watch.handler)
            root.setLevel(logging.DEBUG)
            for name in CLIENT_LOGGERS:
                logging.getLogger(name).setLevel(logging.INFO)

        def configure_and_keep_watching(config: dict) -> None:
            # A test that sets Django up again (a bench script's main, say) applies LOGGING
            # anew, which drops every handler: the watch goes straight back on.
            dict_config(config)
            watch_all()

        dict_config = logging.config.dictConfig
        patch.setattr(logging.config, "dictConfig", configure_and_keep_watching)
        watch_all()
        patch.setattr(Device, "issue_token", _noting(Device.issue_token, watch.tokens.add))
        patch.setattr(Parent, "issue_token", _noting(Parent.issue_token, watch.tokens.add))
        patch.setattr(SafetyEngine, "check", _noting_text(SafetyEngine.check, watch.texts.add))
        try:
            yield watch
        finally:
            root.removeHandler(watch.handler)
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)


def _noting(issue: Callable[..., str], note: Callable[[str], None]) -> Callable[..., str]:
    @functools.wraps(issue)
    def issue_and_note(self, *args, **kwargs) -> str:
        token = issue(self, *args, **kwargs)
        note(token)
        return token

    return issue_and_note


def _noting_text(check: Callable[..., object], note: Callable[[str], None]) -> Callable:
    @functools.wraps(check)
    def note_and_check(self, text, *args, **kwargs):
        note(text)
        return check(self, text, *args, **kwargs)

    return note_and_check


@pytest.fixture
def json_log() -> Iterator[Callable[[], list[dict]]]:
    """The records logged during the test (any thread: a live server's too), as production
    writes them, parsed: call it to read what has been logged so far."""
    stream = io.StringIO()
    handler = json_log_handler(stream)
    logging.getLogger().addHandler(handler)
    try:
        yield lambda: records(stream.getvalue().splitlines())
    finally:
        logging.getLogger().removeHandler(handler)


@pytest.fixture(scope="session", autouse=True)
def _suite_redis(redis_server) -> Iterator[str]:
    """Point the whole suite at the real Redis the suite started."""
    url = f"redis://{redis_server.host}:{redis_server.port}/0"
    with override_settings(
        REDIS_URL=url,
        CELERY_BROKER_URL=url,
        CELERY_RESULT_BACKEND=url,
        CHANNEL_LAYERS=channel_layers(url),
    ):
        from teddy.celery import app as celery_app

        celery_app.conf.update(broker_url=url, result_backend=url)
        yield url


@pytest.fixture(scope="session", autouse=True)
def _hot_path_connections(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The hot path's long-lived connections (``teddy/hotdb.py``) are closed before the test
    database is dropped."""
    yield
    with django_db_blocker.unblock():
        hotdb.close()
        fast.close_connections()


@pytest.fixture(autouse=True)
def _fresh_state(redis_server) -> Iterator[None]:
    """Each test starts with an empty Redis and no process-local copies of shared state."""
    if not redis_server.running():
        redis_server.start()
    # The app's client gives up after 0.5 s (an outage must degrade fast); emptying Redis right
    # after a test restarted it may take longer on a busy CI machine, so wait for it here.
    with redis.Redis.from_url(django_settings.REDIS_URL, socket_timeout=10) as patient:
        patient.flushall()
    EMERGENCY.forget()
    RULES_VERSION.forget()
    health.forget_probes()
    metrics.HIT_RATIO.reset()
    ratelimit.forget()
    guid.set(None)  # the test client runs requests in this thread: no id left from the last test
    yield


@pytest.fixture
def redis_down(redis_server) -> Iterator[None]:
    """Redis is stopped for the duration of the test, then brought back."""
    redis_server.stop()
    try:
        yield
    finally:
        redis_server.start()


@dataclass
class Toy:
    device: Device
    token: str


@pytest.fixture
def toy(db) -> Toy:
    device = Device(name="bear-0042")
    token = device.issue_token()
    device.save()
    return Toy(device=device, token=token)


@pytest.fixture
def toy_client(toy) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {toy.token}")
    return client


@dataclass
class Family:
    parent: Parent
    parent_token: str
    child: Child
    device: Device
    token: str
    consents: dict[str, ParentalConsent]


def born_years_ago(years: int) -> dict:
    today = timezone.now().date()
    return {"birth_year": today.year - years, "birth_month": today.month}


@pytest.fixture
def family(db) -> Family:
    """A parent, a six-year-old, her toy, and verified consent for speech-to-text and
    interaction records (given by a compliance officer who checked a signed form)."""
    parent = Parent(name="Pat Parent", email="pat@example.com")
    parent_token = parent.issue_token()
    parent.save()
    child = Child.objects.create(parent=parent, nickname="Mia", **born_years_ago(6))
    device = Device(name="mias-bear", child=child)
    token = device.issue_token()
    device.save()
    officer = _user("olivia", "compliance")
    consents = {
        scope: coppa.grant_consent(
            child=child, scope=scope, method="signed_form", actor=officer, retention_days=30
        )
        for scope in (ConsentScope.SPEECH_TO_TEXT, ConsentScope.INTERACTION_LOGS)
    }
    return Family(parent, parent_token, child, device, token, consents)


@pytest.fixture
def family_toy_client(family) -> APIClient:
    """The toy of a child whose parent consented to speech-to-text and interaction records."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {family.token}")
    return client


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()


def _user(username: str, *roles: str) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple")
    for role in roles:  # the groups come from a migration; a transactional test flushed them
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def sre_alice(db) -> User:
    return _user("alice", "sre")


@pytest.fixture
def auditor_bob(db) -> User:
    return _user("bob", "compliance")


@pytest.fixture
def outsider_charlie(db) -> User:
    return _user("charlie")


@pytest.fixture(scope="session")
def _fake_openai_server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_openai(_fake_openai_server, settings) -> FakeOpenAI:
    """The fake OpenAI server, reset, with the app pointed at it as its primary provider."""
    _fake_openai_server.behave(reset=True)
    settings.TTS_PROVIDER = "openai"
    settings.OPENAI_API_KEY = FAKE_OPENAI_KEY
    settings.OPENAI_BASE_URL = _fake_openai_server.url
    settings.OPENAI_TTS_MODEL = "tts-1"
    settings.TTS_REQUEST_TIMEOUT = 2.0
    settings.TTS_MAX_RETRIES = 2
    settings.TTS_BREAKER_FAILURES = 3
    settings.TTS_BREAKER_COOLDOWN = 30.0
    return _fake_openai_server


@pytest.fixture
def live_server_url(transactional_db, _suite_redis) -> Iterator[str]:
    """The real ASGI app (HTTP and WebSocket) under uvicorn, in a thread of this process, on a
    free port. Data the test writes must be committed, hence ``transactional_db``."""
    import socket
    import threading
    import time

    import uvicorn
    from channels.layers import channel_layers

    # A channel layer belongs to one event loop; each live server runs a new one, as each
    # production process has its own.
    channel_layers.backends = {}
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        "teddy.asgi:application",
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_level="warning",
        ws_ping_interval=None,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
