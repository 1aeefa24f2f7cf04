"""One writer of the warehouse at a time, across processes.

Dagster's run queue admits one run tagged ``osh/warehouse=writer`` at a time (deploy/dagster.yaml);
this lock also covers what the queue does not see (``osh run`` and ``osh backfill`` from a shell) and
is taken by every step that writes. It is an advisory ``flock`` on ``<warehouse>.lock``: the kernel
releases it when its process dies, so a run killed with SIGKILL never leaves a stale lock behind.
The file also says who holds it, for the operator.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_TIMEOUT_SECONDS = float(os.environ.get("OSH_WRITER_LOCK_TIMEOUT", "3600"))

_held: dict[str, int] = {}  # lock path -> depth, for re-entry within this process
_guard = threading.Lock()


class WarehouseBusy(RuntimeError):
    """Another process is writing the warehouse."""


def lock_path(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + ".lock")


def holder(warehouse_path: Path) -> dict | None:
    path = lock_path(warehouse_path)
    try:
        return json.loads(path.read_text(encoding="utf-8") or "null")
    except (FileNotFoundError, json.JSONDecodeError):
        return None


@contextmanager
def writer_lock(warehouse_path: Path, purpose: str, timeout: float | None = None) -> Iterator[None]:
    path = lock_path(warehouse_path)
    key = str(path.resolve()) if path.exists() else str(path.absolute())
    with _guard:
        if _held.get(key):
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + (DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"The warehouse {warehouse_path} is being written by another process "
                        f"({holder(warehouse_path)}); try again when it has finished."
                    ) from None
                time.sleep(0.5)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "purpose": purpose,
                                 "since": datetime.now(UTC).isoformat()}).encode())
        with _guard:
            _held[str(path.resolve())] = 1
        try:
            yield
        finally:
            with _guard:
                _held.pop(str(path.resolve()), None)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
