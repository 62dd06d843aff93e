"""``--all`` on every core: a process pool fed file paths, never file contents.

Each worker reads, parses, audits and returns a small ``FileResult``; no process ever holds more
than one syntax tree.  Results come back in the order the paths were given, whatever ``jobs`` is,
so the report is the same for ``--jobs 1`` and ``--jobs 8``.
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable
from typing import NamedTuple

from vcx_hook import audit
from vcx_hook.audit import FileResult
from vcx_hook.config import Config
from vcx_hook.finding import Problem
from vcx_hook.target import Target

# Below this many files a pool costs more than it saves.
MIN_FILES_PER_WORKER = 16
_CHUNK = 16
_config: Config | None = None


class Pending(NamedTuple):
    """A whole file to audit, read by the worker that audits it."""

    path: str  # as shown in reports
    file: str  # where to read it


def default_jobs() -> int:
    if hasattr(os, 'sched_getaffinity'):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def audit_targets(items: Iterable[Target | Pending], config: Config, jobs: int = 0) -> list[FileResult]:
    """Audit ``items`` with ``jobs`` processes (0: one per core; 1: in this process)."""
    items = list(items)
    jobs = min(jobs or default_jobs(), max(1, len(items) // MIN_FILES_PER_WORKER))
    if jobs <= 1 or not any(isinstance(i, Pending) for i in items):
        return [audit_one(i, config) for i in items]
    import multiprocessing  # ~12 ms to import; the hook never needs it

    ctx = multiprocessing.get_context('fork' if _can_fork() else 'spawn')
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(config,)) as pool:
        return list(pool.imap(_work, items, chunksize=_CHUNK))


def audit_one(item: Target | Pending, config: Config) -> FileResult:
    if isinstance(item, Target):
        return audit.audit(item, config)
    try:
        with open(item.file, 'rb') as f:
            data = f.read()
    except OSError as e:
        return FileResult(item.path, [], [], [Problem(item.path, 0, f'cannot read: {e.strerror}')], [], 0, False)
    return audit.audit(Target(item.path, data, None), config)


def _can_fork() -> bool:
    import multiprocessing

    # fork shares the imported modules for free; macOS frameworks are not fork-safe.
    return sys.platform != 'darwin' and 'fork' in multiprocessing.get_all_start_methods()


def _init_worker(config: Config) -> None:
    global _config
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool
    _config = config


def _work(item: Target | Pending) -> FileResult:
    assert _config is not None
    return audit_one(item, _config)

