"""Using the other cores for ``--all``: worker processes (the hook's helper is ``engine/helper``).

Once the files are listed, this process imports the checks and compiles their regular
expressions and JavaScript queries, then forks ``jobs - 1`` workers, which share all of it and
the list of files (a few files are audited in this process alone).  Files go out in batches of
about the same number of bytes, largest first: each worker is sent batch numbers (never paths or
contents), reads, parses and audits one file at a time and sends back small pickled
``FileResult``s; this process audits batches too, from the smallest end, whenever no result is
waiting.  No process ever holds more than one syntax tree.  Results are put back in the order the
paths were given, so the report is the same for ``--jobs 1`` and ``--jobs 8``.  Where there is no
fork (macOS, Windows), a ``multiprocessing`` pool of spawned workers does the same, sent the paths.
"""
from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from collections.abc import Iterable
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vcx_hook.config import Config
from vcx_hook.engine.helper import Helper
from vcx_hook.engine.helper import start_helper
from vcx_hook.engine.target import Target
from vcx_hook.engine.worker import audit_one
from vcx_hook.engine.worker import children
from vcx_hook.engine.worker import file_size
from vcx_hook.engine.worker import Pending
from vcx_hook.engine.worker import reap
from vcx_hook.engine.worker import widen

__all__ = [
    'Helper', 'Pending', 'Pool', 'audit_one', 'audit_targets', 'default_jobs', 'file_size', 'start_helper', 'start_pool',
]
if TYPE_CHECKING:
    import multiprocessing.pool
    from contextlib import AbstractContextManager

    from vcx_hook.engine.progress import Progress
    from vcx_hook.engine.target import FileResult

# Below this many files a pool costs more than it saves.
MIN_FILES_PER_WORKER = 16
_BATCHES_PER_WORKER = 32
_MAX_BATCH = 256  # files


def default_jobs() -> int:
    if hasattr(os, 'sched_getaffinity'):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Pool:
    """``jobs`` processes for ``--all``, this one among them.  Where forking is safe, ``audit``
    imports the checks and compiles their regular expressions and JavaScript queries, then forks
    ``jobs - 1`` workers that share that work and the list of files (nothing is pickled to them
    but batch numbers).  Elsewhere (macOS, Windows) a ``multiprocessing`` pool of ``jobs``
    spawned workers starts when the pool is made, before the files are listed, each warming up
    on its own meanwhile."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._spawned: multiprocessing.pool.Pool | None = None
        if not _can_fork():
            import multiprocessing  # ~12 ms to import; only where there is no fork

            self._spawned = multiprocessing.get_context('spawn').Pool(jobs, initializer=_init_worker)

    def audit(self, items: list[Target | Pending], config: Config, progress: Progress | None = None) -> list[FileResult]:
        """The results of ``items``, in their order (closes the pool)."""
        order = sorted(range(len(items)), key=lambda i: -_size(items[i]))  # largest files first
        batches = list(_batches(order, [_size(items[i]) for i in order], self.jobs))
        in_order: list[FileResult | None] = [None] * len(items)
        workers: list[_Worker] = []
        try:
            if self._spawned is None:
                # Once here, shared by every forked worker (a few files are audited in-process,
                # compiling only what they use).  Forked before the progress line's thread starts.
                _warm()
                for _ in range(self.jobs - 1):
                    workers.append(_fork_worker(items, batches, config, workers))
                done: Iterable[tuple[int, list[FileResult]]] = _forked(items, batches, config, workers)
            else:
                tasks = [(config, [items[i] for i in b]) for b in batches]
                done = enumerate(self._spawned.imap(_work, tasks))
            with _showing(progress):
                for number, results in done:
                    for i, result in zip(batches[number], results):
                        in_order[i] = result
                    if progress is not None:
                        progress.advance(len(results))
        finally:
            for worker in workers:
                worker.stop()
            self.close()
        return in_order  # type: ignore[return-value]

    def close(self) -> None:
        if self._spawned is not None:
            self._spawned.terminate()
            self._spawned = None


def start_pool(jobs: int) -> Pool | None:
    """A pool for a whole-repository audit, or None for ``--jobs 1`` and one core."""
    jobs = jobs or default_jobs()
    return Pool(jobs) if jobs > 1 else None


def audit_targets(
        items: Iterable[Target | Pending],
        config: Config,
        jobs: int = 0,
        helper: Helper | None = None,
        pool: Pool | None = None,
        progress: Progress | None = None,
) -> list[FileResult]:
    """Audit ``items`` with ``jobs`` processes (0: one per core; 1: in this process), in ``pool``
    when one was started ahead (it is closed here)."""
    items = list(items)
    if helper is not None and not items:
        helper.abandon()
    elif helper is not None:
        from_helper = helper.audit(items, config)
        if from_helper is not None:
            return from_helper
    jobs = min(pool.jobs if pool is not None else jobs or default_jobs(), max(1, len(items) // MIN_FILES_PER_WORKER))
    if jobs <= 1 or not any(isinstance(i, Pending) for i in items):
        if pool is not None:
            pool.close()
        with _showing(progress):
            results = []
            for item in items:
                results.append(audit_one(item, config))
                if progress is not None:
                    progress.advance()
        return results
    if pool is None:
        pool = Pool(jobs)
    pool.jobs = jobs  # fewer, for a few files
    return pool.audit(items, config, progress)


def _showing(progress: Progress | None) -> AbstractContextManager[object]:
    """``progress`` shown while a block runs (its thread starts there: after any fork)."""
    from contextlib import nullcontext

    return progress if progress is not None else nullcontext()


# --- forked workers: this process audits too ----------------------------------------------------

_HEADER = struct.Struct('<iQ')  # batch number (-1: a worker's error), then the pickle's length
_AHEAD = 2  # batches queued to each worker, so it never waits while this process audits one


def _forked(
        items: list[Target | Pending],
        batches: list[list[int]],
        config: Config,
        workers: list[_Worker],
) -> Iterator[tuple[int, list[FileResult]]]:
    """``(batch number, results)`` as they are done, by the forked ``workers`` and this process.
    The workers inherited ``items``, ``batches`` and ``config``: each is sent batch numbers, from
    the largest files down, and sends back the pickled results.  This process takes batches from
    the smallest end whenever its workers are busy, so no core idles and no result is pickled for
    the share it audits itself."""
    by_fd = {w.results: w for w in workers}
    front, back = 0, len(batches)  # workers take from the front, this process from the back
    for worker in workers:
        while worker.queued < _AHEAD and front < back:
            worker.send(front)
            front += 1
    while front < back or any(w.queued for w in workers):
        ready = _ready([w.results for w in workers if w.queued], block=front >= back)
        for fd in ready:
            worker = by_fd[fd]
            yield worker.receive()
            if front < back:
                worker.send(front)
                front += 1
        if not ready and front < back:
            back -= 1
            yield back, [audit_one(items[i], config) for i in batches[back]]


class _Worker:
    def __init__(self, pid: int, tasks: int, results: int) -> None:
        self.pid = pid
        self.tasks = tasks
        self.results = results
        self.queued = 0

    def send(self, number: int) -> None:
        os.write(self.tasks, _HEADER.pack(number, 0))
        self.queued += 1

    def receive(self) -> tuple[int, list[FileResult]]:
        number, size = _HEADER.unpack(_read_exactly(self.results, _HEADER.size))
        payload = pickle.loads(_read_exactly(self.results, size))
        if number < 0:
            raise RuntimeError(f'an --all worker failed:\n{payload}')
        self.queued -= 1
        return number, payload

    def stop(self) -> None:
        """End the worker: done, or this process is failing (Ctrl-C, an error)."""
        for fd in (self.tasks, self.results):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.queued:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        reap(self.pid)


def _fork_worker(
        items: list[Target | Pending],
        batches: list[list[int]],
        config: Config,
        others: list[_Worker],
) -> _Worker:
    tasks_read, tasks_write = os.pipe()
    results_read, results_write = os.pipe()
    widen(results_write)  # a batch's results fit, so a worker rarely waits for this process
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for fd in (tasks_write, results_read, *(fd for w in others for fd in (w.tasks, w.results))):
                os.close(fd)  # an earlier worker's task pipe held open here would never end it
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it ends us
            _serve_batches(items, batches, config, tasks_read, results_write)
            code = 0
        finally:
            os._exit(code)
    os.close(tasks_read)
    os.close(results_write)
    children.append(pid)
    return _Worker(pid, tasks_write, results_read)


def _serve_batches(items: list[Target | Pending], batches: list[list[int]], config: Config, tasks: int, results: int) -> None:
    """A forked worker: audit each batch whose number arrives, until the pipe closes."""
    while True:
        header = _read_exactly(tasks, _HEADER.size, eof_ok=True)
        if not header:
            return
        number, _ = _HEADER.unpack(header)
        try:
            payload = pickle.dumps([audit_one(items[i], config) for i in batches[number]], pickle.HIGHEST_PROTOCOL)
        except Exception:  # sent to the parent, whose error boundary reports it
            import traceback

            payload = pickle.dumps(traceback.format_exc(), pickle.HIGHEST_PROTOCOL)
            number = -1
        _write_all(results, _HEADER.pack(number, len(payload)) + payload)
        if number < 0:
            return


def _ready(fds: list[int], block: bool) -> list[int]:
    import select

    return select.select(fds, [], [], None if block else 0)[0] if fds else []


def _read_exactly(fd: int, size: int, eof_ok: bool = False) -> bytes:
    chunks = []
    left = size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            if eof_ok and left == size:
                return b''
            raise RuntimeError('an --all worker ended unexpectedly')
        chunks.append(chunk)
        left -= len(chunk)
    return b''.join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _batches(order: list[int], sizes: list[int], jobs: int) -> Iterator[list[int]]:
    """``order`` cut into runs of about the same number of bytes, ~``_BATCHES_PER_WORKER`` per
    worker: one message per run instead of one per file (which cost ~15% of the CPU of a
    12.9k-file repository), and runs small enough to keep the workers evenly busy."""
    target = max(1, sum(sizes) // (jobs * _BATCHES_PER_WORKER))
    batch: list[int] = []
    total = 0
    for i, size in zip(order, sizes):
        batch.append(i)
        total += size
        if total >= target or len(batch) >= _MAX_BATCH:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _size(item: Target | Pending) -> int:
    if isinstance(item, Target):
        return len(item.data)
    return item.size if item.size >= 0 else file_size(item.file) or 0


def _can_fork() -> bool:
    """fork shares the imported modules for free; macOS frameworks are not fork-safe, and a lock
    another thread holds would stay held in the child."""
    threading = sys.modules.get('threading')
    return hasattr(os, 'fork') and sys.platform != 'darwin' and not (threading and threading.active_count() > 1)


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool
    _warm()


def _warm() -> None:
    """The checks imported, their regular expressions and JavaScript queries compiled (a no-op
    the second time in a process)."""
    from vcx_hook.checks import BY_ID
    from vcx_hook.engine import audit
    from vcx_hook.lang import lazyre
    from vcx_hook.lang import syntax

    lazyre.warm(lambda: True)
    for check in BY_ID.values():
        if check.QUERY:
            syntax.compile_query('javascript', check.QUERY)
    del audit


def _work(task: tuple[Config, list[Target | Pending]]) -> list[FileResult]:
    config, batch = task  # a few hundred bytes: the default name lists pickle as a reference
    return [audit_one(item, config) for item in batch]





