"""Using the other cores: a process pool for ``--all``, a helper process for the hook.

``--all``: a pool fed batches of file paths (about the same number of bytes each), never file
contents.  Its workers are forked before the files are listed, once this process has imported
the checks and compiled their regular expressions and JavaScript queries, which they share.  Each worker reads, parses, audits and returns small ``FileResult``s; no process ever
holds more than one syntax tree.  Results come back in the order the paths were given, whatever
``jobs`` is, so the report is the same for ``--jobs 1`` and ``--jobs 8``.

Hook mode: ``start_helper()`` forks a child before the command line is even parsed.  While this
process imports pygit2 and reads the staged diff, the child imports the checks and forecasts the
audit from the staged files as the work tree has them: it parses them and compiles the queries of
the families whose gates open on them (~15 ms each for JavaScript, twice that for TypeScript),
then the checks' regular expressions, then the other queries.  It parses what the forecast
missed while this process reads the configuration, and audits while this process looks for
moved code.
"""
from __future__ import annotations

import os
import pickle
import signal
import stat
import sys
from collections.abc import Iterable
from collections.abc import Iterator
from typing import BinaryIO
from typing import NamedTuple
from typing import TYPE_CHECKING

from vcx_hook.config import Config
from vcx_hook.finding import Problem
from vcx_hook.target import Target

if TYPE_CHECKING:
    from vcx_hook.target import FileResult

# Below this many files a pool costs more than it saves.
MIN_FILES_PER_WORKER = 16
_BATCHES_PER_WORKER = 32
_MAX_BATCH = 256  # files


class Pending(NamedTuple):
    """A whole file to audit, read by the worker that audits it."""

    path: str  # as shown in reports
    file: str  # where to read it
    size: int = -1  # bytes, -1 if not known yet: the pool starts with the largest files


def default_jobs() -> int:
    if hasattr(os, 'sched_getaffinity'):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Pool:
    """``jobs`` worker processes for ``--all``, forked before the files are listed, once this
    process has imported the checks and compiled their regular expressions and JavaScript queries:
    every worker shares that work instead of repeating it."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing  # ~12 ms to import; the hook never needs it

        self.jobs = jobs
        ctx = multiprocessing.get_context('fork' if _can_fork() else 'spawn')
        if ctx.get_start_method() == 'fork':
            _warm()  # once here, shared by every forked worker
        self._pool = ctx.Pool(jobs, initializer=_init_worker)

    def imap(self, batches: list[list[Target | Pending]], config: Config) -> Iterator[list[FileResult]]:
        return self._pool.imap(_work, [(config, batch) for batch in batches])

    def close(self) -> None:
        self._pool.terminate()


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
        return [audit_one(i, config) for i in items]
    # Largest files first, so no worker is left parsing a big one while the others idle.
    order = sorted(range(len(items)), key=lambda i: -_size(items[i]))
    batches = list(_batches(order, [_size(items[i]) for i in order], jobs))
    in_order: list[FileResult | None] = [None] * len(items)
    pool = pool if pool is not None else Pool(jobs)
    try:
        for batch, results in zip(batches, pool.imap([[items[i] for i in b] for b in batches], config)):
            for i, result in zip(batch, results):
                in_order[i] = result
    finally:
        pool.close()
    return in_order  # type: ignore[return-value]


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


def audit_one(item: Target | Pending, config: Config) -> FileResult:
    from vcx_hook import audit
    from vcx_hook.target import FileResult

    if isinstance(item, Target):
        return audit.audit(item, config)
    try:
        data = _read(item.file)
    except OSError as e:
        return FileResult(item.path, [], [], [Problem(item.path, 0, f'cannot read: {e.strerror}')], [], 0, False)
    return audit.audit(Target(item.path, data, None), config)


def _read(path: str) -> bytes:
    # os.read without a file object: half the cost of open().read() on 10k small files.
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b''.join(chunks)


def file_size(path: str) -> int | None:
    """The size of a regular file (symlinks followed), or None."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _size(item: Target | Pending) -> int:
    if isinstance(item, Target):
        return len(item.data)
    return item.size if item.size >= 0 else file_size(item.file) or 0


def _can_fork() -> bool:
    import multiprocessing

    # fork shares the imported modules for free; macOS frameworks are not fork-safe.
    return sys.platform != 'darwin' and 'fork' in multiprocessing.get_all_start_methods()


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the pool
    _warm()


def _warm() -> None:
    """The checks imported, their regular expressions and JavaScript queries compiled (a no-op
    the second time in a process)."""
    from vcx_hook import audit
    from vcx_hook import lazyre
    from vcx_hook import syntax
    from vcx_hook.checks import BY_ID

    lazyre.warm(lambda: True)
    for check in BY_ID.values():
        if check.QUERY:
            syntax.compile_query('javascript', check.QUERY)
    del audit


def _work(task: tuple[Config, list[Target | Pending]]) -> list[FileResult]:
    config, batch = task  # a few hundred bytes: the default name lists pickle as a reference
    return [audit_one(item, config) for item in batch]



# --- the hook's helper -----------------------------------------------------------------------

class Helper:
    """A forked child that audits what it is sent (see the module docstring)."""

    def __init__(self, pid: int, send: BinaryIO, receive: BinaryIO) -> None:
        self.pid = pid
        self._send = send
        self._receive = receive

    def prefetch(self, items: Iterable[object], config: Config | None = None) -> None:
        """Send work ahead: the child parses the files (no ``config``) or audits them, and
        ``audit`` reuses what it did for the same files and configuration."""
        files = [t for t in items if isinstance(t, Target)]
        if files:
            message = ('parse', files) if config is None else ('ahead', files, config)
            try:
                pickle.dump(message, self._send, pickle.HIGHEST_PROTOCOL)
                self._send.flush()
            except OSError:
                pass  # the child is gone: audit() finds out and falls back

    def audit(self, items: list[Target | Pending], config: Config) -> list[FileResult] | None:
        """The child's results; None if it failed or is gone, and the caller audits in-process
        (so an error surfaces here, with its traceback, at the one error boundary)."""
        try:
            with self._send:
                pickle.dump(('audit', items, config), self._send, pickle.HIGHEST_PROTOCOL)
            with self._receive:
                results = pickle.load(self._receive)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        finally:
            _reap(self.pid)
        return results


    def abandon(self) -> None:
        """Nothing to audit: let the child finish on its own (it exits when its pipe closes)."""
        self._send.close()
        self._receive.close()


_children: list[int] = []


def start_helper() -> Helper | None:
    """Fork the helper, or None where forking is unsafe (threads, macOS, Windows)."""
    threading = sys.modules.get('threading')
    if not hasattr(os, 'fork') or sys.platform == 'darwin' or (threading and threading.active_count() > 1):
        return None
    for pid in list(_children):  # earlier helpers whose parent gave up on them (errors, tests)
        _reap(pid, block=False)
    to_child, from_parent = os.pipe()
    from_child, to_parent = os.pipe()
    _widen(from_parent)
    pid = os.fork()
    if pid == 0:
        os.close(from_parent)
        os.close(from_child)
        code = 1
        try:
            _serve(to_child, to_parent)
            code = 0
        finally:
            os._exit(code)
    os.close(to_child)
    os.close(to_parent)
    _children.append(pid)
    return Helper(pid, os.fdopen(from_parent, 'wb'), os.fdopen(from_child, 'rb'))


def _serve(receive_fd: int, send_fd: int) -> None:
    import select

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it closes our pipe
    staged = _StagedNames()  # git runs while the checks are imported
    from vcx_hook import audit
    from vcx_hook import lazyre
    from vcx_hook import syntax
    from vcx_hook.config import default_config

    # While the parent reads git, prepare what the audit will most likely need, most useful
    # first, and stop as soon as work arrives: parse the staged files as the work tree has them
    # (the same bytes as staged, usually) and compile the queries whose families' gates open on
    # them; then the checks' regular expressions; then the other queries of the same grammars.
    def idle() -> bool:
        return not select.select([receive_fd], [], [], 0)[0]

    config = default_config()
    names = staged.names()
    likely = audit.likely_queries(_hinted_targets(names, config), config, idle)
    for grammar, query in likely:
        if not idle():
            break
        syntax.compile_query(grammar, query)
    lazyre.warm(idle)
    found = {syntax.grammar_for(n) for n in names}
    queries = audit.family_queries(audit.enabled_checks(config)).values()
    for grammar in [g for g in syntax.GRAMMARS if g in found] or ['javascript']:
        for query in queries:
            if not idle():
                break
            syntax.compile_query(grammar, query)
    done: dict[Target | Pending, FileResult] = {}
    done_config = None
    with os.fdopen(receive_fd, 'rb') as receive:
        while True:
            try:
                message = pickle.load(receive)
            except EOFError:
                return  # the parent stopped before auditing anything
            if message[0] == 'audit':
                break
            if message[0] == 'parse':
                for target in message[1]:
                    audit.preparse(target)
            else:
                done_config = message[2]
                done = {t: audit_one(t, done_config) for t in message[1]}
    items, config = message[1], message[2]
    reuse = done if config == done_config else {}
    # An error closes the pipe unanswered: the parent then audits in-process.
    results = [reuse[i] if i in reuse else audit_one(i, config) for i in items]
    with os.fdopen(send_fd, 'wb') as send:
        pickle.dump(results, send, pickle.HIGHEST_PROTOCOL)


def _widen(fd: int) -> None:
    """Room for the staged files in the pipe, so sending them never waits for a busy child."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)  # Linux; the default is 64 KiB
    except (ImportError, AttributeError, OSError):
        pass


class _StagedNames:
    """The staged paths, from ``git diff --cached --name-only``, started at once and read when
    asked.  Only a forecast (a wrong one costs time, not correctness)."""

    def __init__(self) -> None:
        import subprocess

        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                ('git', 'diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=d'),
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )
        except OSError:
            self._proc = None

    def names(self) -> list[str]:
        import subprocess

        if self._proc is None:
            return []
        try:
            out, _ = self._proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.communicate()
            return []
        if self._proc.returncode != 0:
            return []
        return [n for n in out.decode('utf-8', 'replace').split('\0') if n]


# Work-tree files read for the forecast: a typical commit whole, a sample of a big one.
_HINT_BYTES = 1 << 20


def _hinted_targets(names: list[str], config: Config) -> list[Target]:
    """The staged JS/TS files as the work tree has them (``git diff`` names are relative to the
    repository root, the hook's working directory)."""
    from vcx_hook.config import excluded
    from vcx_hook.syntax import grammar_for

    out = []
    budget = _HINT_BYTES
    for name in names:
        if grammar_for(name) is None or excluded(name, config):
            continue
        size = file_size(name)
        if size is None or size > budget:
            continue
        try:
            data = _read(name)
        except OSError:
            continue
        budget -= len(data)
        out.append(Target(name, data, None))
    return out


def _reap(pid: int, block: bool = True) -> None:
    try:
        done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
    except ChildProcessError:
        done = pid
    if done and pid in _children:
        _children.remove(pid)
