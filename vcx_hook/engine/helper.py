"""The hook's helper: ``start_helper()`` forks a child before the command line is even parsed.
While this process imports pygit2 and reads the staged diff, the child imports the checks and
forecasts the audit from the staged files as the work tree has them: it parses them and compiles
the queries of the families whose gates open on them (~15 ms each for JavaScript, twice that for
TypeScript), then the checks' regular expressions, then the other queries.  It parses what the
forecast missed while this process reads the configuration, and audits while this process looks
for moved code.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Iterable
from typing import BinaryIO
from typing import TYPE_CHECKING

from vcx_hook.config import Config
from vcx_hook.engine.target import Target
from vcx_hook.engine.worker import audit_one
from vcx_hook.engine.worker import children
from vcx_hook.engine.worker import file_size
from vcx_hook.engine.worker import Pending
from vcx_hook.engine.worker import read_file
from vcx_hook.engine.worker import reap
from vcx_hook.engine.worker import widen

if TYPE_CHECKING:
    from vcx_hook.engine.target import FileResult


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
            reap(self.pid)
        return results


    def abandon(self) -> None:
        """Nothing to audit: let the child finish on its own (it exits when its pipe closes)."""
        self._send.close()
        self._receive.close()


def start_helper() -> Helper | None:
    """Fork the helper, or None where forking is unsafe (threads, macOS, Windows)."""
    threading = sys.modules.get('threading')
    if not hasattr(os, 'fork') or sys.platform == 'darwin' or (threading and threading.active_count() > 1):
        return None
    for pid in list(children):  # earlier helpers whose parent gave up on them (errors, tests)
        reap(pid, block=False)
    _import_shared()
    to_child, from_parent = os.pipe()
    from_child, to_parent = os.pipe()
    widen(from_parent)
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
    children.append(pid)
    return Helper(pid, os.fdopen(from_parent, 'wb'), os.fdopen(from_child, 'rb'))


def _import_shared() -> None:
    """What the parent (reading the project's facts, reporting) and the helper (auditing) both
    import, imported once before the fork rather than by each (~20 ms of CPU): the syntax layer
    with tree-sitter's grammars, and the ecosystem model.  pygit2 is the parent's alone and the
    checks the helper's, each imported after the fork."""
    from vcx_hook import suppress  # noqa: F401  the syntax layer, lang.scope
    from vcx_hook.ecosystem import app_limiters  # noqa: F401  routes, http
    from vcx_hook.ecosystem import importers  # noqa: F401
    from vcx_hook.ecosystem import roles  # noqa: F401
    from vcx_hook.ecosystem import runtime  # noqa: F401
    from vcx_hook.ecosystem import schemas  # noqa: F401  stores


def _serve(receive_fd: int, send_fd: int) -> None:
    import select

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it closes our pipe
    staged = _StagedNames()  # git runs while the checks are imported
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.lang import lazyre
    from vcx_hook.lang import syntax

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
    from vcx_hook.lang.syntax import grammar_for

    out = []
    budget = _HINT_BYTES
    for name in names:
        if grammar_for(name) is None or excluded(name, config):
            continue
        size = file_size(name)
        if size is None or size > budget:
            continue
        try:
            data = read_file(name)
        except OSError:
            continue
        budget -= len(data)
        out.append(Target(name, data, None))
    return out


