"""State that every web and worker process must agree on, kept in Redis.

The emergency switch and the safety rules' version live here rather than in a process's memory,
because the service runs as several processes (and pods). Each process keeps a short-lived local
copy so the hot path does not pay a Redis round trip per request, and keeps its last known value
when Redis is unreachable: a Redis outage never flips a safety switch back to its default.
"""

from __future__ import annotations

import logging
import threading
import time

import redis
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

log = logging.getLogger(__name__)

_lock = threading.Lock()
_client: redis.Redis | None = None
_client_url: str | None = None

#: The exceptions that mean "Redis is unreachable or misbehaving", never a bug in our code.
REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def get_redis() -> redis.Redis:
    """The process-wide Redis client (a connection pool), built on first use."""
    global _client, _client_url
    url = settings.REDIS_URL
    if _client is None or _client_url != url:
        with _lock:
            if _client is None or _client_url != url:
                _client = redis.Redis.from_url(
                    url,
                    socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
                    socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
                    health_check_interval=30,
                )
                _client_url = url
    return _client


def redis_ping() -> tuple[bool, float | None]:
    """(reachable, round-trip in ms) for health checks."""
    started = time.perf_counter()
    try:
        get_redis().ping()
    except REDIS_ERRORS:
        return False, None
    return True, (time.perf_counter() - started) * 1000


class SharedFlag:
    """A boolean that all processes share through Redis, with a floor set by a setting.

    ``is_set()`` is true when the setting forces it on or the Redis key says so. The Redis value
    is re-read at most every ``refresh_seconds``; a process that changes the flag sees its own
    change at once.
    """

    def __init__(self, key: str, setting: str, refresh_seconds: float = 1.0) -> None:
        self.key = key
        self.setting = setting
        self.refresh_seconds = refresh_seconds
        self._value = False
        self._read_at = float("-inf")

    def is_set(self) -> bool:
        if getattr(settings, self.setting):
            return True
        now = time.monotonic()
        if now - self._read_at >= self.refresh_seconds:
            try:
                self._value = get_redis().get(self.key) == b"1"
            except REDIS_ERRORS:
                log.warning("redis unreachable reading %s; keeping last known value", self.key)
            self._read_at = now
        return self._value

    def set(self, value: bool) -> None:
        """Write the flag for every process. Raises if Redis is unreachable: the caller (an SRE
        action) must know that the switch did not move."""
        get_redis().set(self.key, b"1" if value else b"0")
        self._value = value
        self._read_at = time.monotonic()

    def forget(self) -> None:
        """Drop the local copy (tests, and after Redis comes back)."""
        self._read_at = float("-inf")
        self._value = False


class SharedVersion:
    """A counter that tells processes when to rebuild something derived from the database."""

    def __init__(self, key: str, refresh_seconds: float = 1.0) -> None:
        self.key = key
        self.refresh_seconds = refresh_seconds
        self._value = 0
        self._read_at = float("-inf")

    def current(self) -> int:
        now = time.monotonic()
        if now - self._read_at >= self.refresh_seconds:
            try:
                self._value = int(get_redis().get(self.key) or 0)
            except REDIS_ERRORS:
                log.warning("redis unreachable reading %s; keeping last known value", self.key)
            self._read_at = now
        return self._value

    def bump(self) -> int:
        try:
            self._value = int(get_redis().incr(self.key))
        except REDIS_ERRORS:
            log.warning(
                "redis unreachable bumping %s; other processes rebuild on next change", self.key
            )
            self._value += 1
        self._read_at = time.monotonic()
        return self._value

    def forget(self) -> None:
        self._read_at = float("-inf")


@receiver(setting_changed)
def _reset_client(setting: str, **kwargs: object) -> None:
    global _client
    if setting.startswith("REDIS"):
        _client = None
