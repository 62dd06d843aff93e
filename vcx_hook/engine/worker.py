"""What every process that audits files shares (this one, the ``--all`` workers, the hook's
helper): auditing one file, a ``Pending`` one read first, and the bookkeeping of forked children
and their pipes."""
from __future__ import annotations

import os
import stat
from types import ModuleType
from typing import NamedTuple
from typing import TYPE_CHECKING

from vcx_hook.config import Config
from vcx_hook.engine.target import Target
from vcx_hook.finding import Problem

if TYPE_CHECKING:
    from vcx_hook.engine.target import FileResult


class Pending(NamedTuple):
    """A whole file to audit, read by the worker that audits it."""

    path: str  # as shown in reports
    file: str  # where to read it
    size: int = -1  # bytes, -1 if not known yet: the pool starts with the largest files


def audit_one(item: Target | Pending, config: Config) -> FileResult:
    audit = _audit_module or _load_audit()
    if isinstance(item, Target):
        return audit.audit(item, config)
    try:
        data = read_file(item.file)
    except OSError as e:
        from vcx_hook.engine.target import FileResult

        return FileResult(item.path, [], [], [Problem(item.path, 0, f'cannot read: {e.strerror}')], [], 0, False)
    return audit.audit(Target(item.path, data, None), config)


_audit_module: ModuleType | None = None


def _load_audit() -> ModuleType:
    """``vcx_hook.engine.audit``, imported on first use (with every check: the hook's main process never
    needs it), then used without an import statement per file."""
    global _audit_module
    from vcx_hook.engine import audit

    _audit_module = audit
    return audit


def read_file(path: str) -> bytes:
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


# Forked children not reaped yet (``--all`` workers, hook helpers).
children: list[int] = []


def reap(pid: int, block: bool = True) -> None:
    try:
        done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
    except ChildProcessError:
        done = pid
    if done and pid in children:
        children.remove(pid)


def widen(fd: int) -> None:
    """Room in a pipe for what is sent at once (staged files, a batch's results), so the sender
    rarely waits for a busy reader."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)  # Linux; the default is 64 KiB
    except (ImportError, AttributeError, OSError):
        pass
