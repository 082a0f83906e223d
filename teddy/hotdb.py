"""The toy API's few database calls, on one long-lived connection per process.

Under ASGI, Django runs each request's synchronous code in a thread of its own, and database
connections belong to threads: every toy request would open a connection and close it again
(with SQLite about 2 ms of a 7 ms cache hit: connect, PRAGMAs, reading the schema, closing;
with Postgres a TCP and auth handshake). The hot path's queries (device by token, active
consent, the interaction record) therefore run on a small pool of long-lived threads whose
connections stay open; the request thread waits for the answer (~0.05 ms to hand over).

They still read the database on every request: a revoked token or consent stops working at
once. Code inside a transaction runs in its caller's thread, on the caller's connection, so
that it sees what the transaction wrote (tests run inside one). A thread that is itself
long-lived (``long_lived_thread``: the cache-hit fast path's) runs the calls inline on its own
connection, without a hand-over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import DatabaseError, connection

T = TypeVar("T")

WORKERS = 2
_local = threading.local()


def long_lived_thread() -> None:
    """A thread pool's initializer: this thread lives as long as the process, so its database
    connection can stay open, and ``run`` calls inline on it."""
    _local.long_lived = True


_pool = ThreadPoolExecutor(
    max_workers=WORKERS, thread_name_prefix="hotdb", initializer=long_lived_thread
)


def run(fn: Callable[..., T], *args: Any) -> T:
    if connection.in_atomic_block:
        return fn(*args)
    if getattr(_local, "long_lived", False):
        return _call(fn, args)
    return _pool.submit(_call, fn, args).result()


def _call(fn: Callable[..., T], args: tuple) -> T:
    try:
        return fn(*args)
    except DatabaseError:
        # A broken or locked connection: start the next call on a fresh one.
        connection.close()
        raise


def close() -> None:
    """Close every pool thread's connection (tests, before the test database is dropped)."""
    close_connections(_pool, WORKERS)


def close_connections(pool: ThreadPoolExecutor, workers: int) -> None:
    """Close the database connection of each of ``pool``'s ``workers`` threads."""
    together = threading.Barrier(workers, timeout=10)  # one task per thread, all at once

    def close_mine() -> None:
        together.wait()
        connection.close()

    for future in [pool.submit(close_mine) for _ in range(workers)]:
        future.result()
