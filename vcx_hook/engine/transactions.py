"""What the project's other files say about the audited code's transactions (missing-transaction):
the methods every caller runs in a transaction and the functions every use hands to one
(``ecosystem.transaction_callers``), and the functions of the project that run the callback they are
handed in one (``ecosystem.transaction_wrappers``)."""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.config import DEFAULT_NAMES
from vcx_hook.config import Config
from vcx_hook.ecosystem import stores
from vcx_hook.ecosystem import transaction_callers
from vcx_hook.ecosystem import transaction_wrappers
from vcx_hook.engine import git
from vcx_hook.engine.collect import Request
from vcx_hook.engine.project import SOURCES
from vcx_hook.engine.project import project_file
from vcx_hook.engine.project import source_files
from vcx_hook.engine.target import Target
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import grammar_for

_TRANSACTION = 'missing-transaction'


def with_transaction_callers(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing the methods every caller runs in a transaction and the functions every use
    hands to one (``ecosystem.transaction_callers``), read as the audited code sees the project: when
    files are audited whole (``--all``), or when a staged file declares a class whose methods write on
    a field or a function. Only the files that construct or declare one of those classes, or name one
    of those functions, are parsed."""
    if repo is None or mode not in ('staged', 'range', 'all') or _TRANSACTION not in config.enabled:
        return config
    targets = list(targets)
    staged = [t.data for t in targets if isinstance(t, Target)] if mode != 'all' else []
    declared = frozenset().union(*(transaction_callers.declared_functions(data) for data in staged))
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    if mode != 'all':
        config = _with_wrappers(config, request, repo, mode, cwd, ref, [(t.path, t.data) for t in targets if isinstance(t, Target)])
    if mode != 'all' and not declared and not any(transaction_callers.writing_classes(data) for data in staged):
        return config
    sources = source_files(config, request, repo, mode, cwd, ref)
    if mode == 'all':
        config = _with_wrappers(config, request, repo, mode, cwd, ref, sources, dict(sources))
    classes = frozenset().union(*(transaction_callers.writing_classes(data) for data in (staged or [d for _, d in sources])))
    files = [File.unparsed(path, data, grammar_for(path) or '') for path, data in sources
             if transaction_callers.wanted(data, classes)]
    names = config.names[_TRANSACTION]
    calls, handles = names['transaction_calls'], names['transaction_names']
    covered = transaction_callers.covered(files, classes, calls, handles)
    candidates = frozenset().union(*(transaction_callers.handed_candidates(data, calls) for _, data in sources))
    candidates = (candidates & declared if mode != 'all' else candidates) - handles
    handed = transaction_callers.handed(
        [File.unparsed(path, data, grammar_for(path) or '') for path, data in sources
         if transaction_callers.names_any(data, candidates)], candidates, calls, handles)
    return config._replace(transaction_callers=covered, transaction_handed=handed) if covered or handed else config



def _with_wrappers(config: Config, request: Request, repo: git.Repo, mode: str, cwd: str, ref: str,
                   files: list[tuple[str, bytes]], read: Mapping[str, bytes] | None = None) -> Config:
    """``config`` knowing which functions that ``files`` hand a callback to open a transaction around
    it, read where the project declares them (``ecosystem.transaction_wrappers``, one hop)."""
    # The family's names only when the configuration changed them: reading the defaults imports every
    # check, which the hook's parent process never needs (config.DEFAULT_NAMES).
    calls = stores.TRANSACTION_CALLS if config.names is DEFAULT_NAMES else config.names[_TRANSACTION]['transaction_calls']
    looked_for = transaction_wrappers.wanted(files, calls)
    if not looked_for:
        return config
    at = transaction_wrappers.positions(looked_for)
    found = []
    for paths in transaction_wrappers.modules(looked_for, SOURCES):
        for path in paths:  # the first path the project has, looked up (the index is never listed)
            data = read.get(path) if read is not None else _data(project_file(request, repo, mode, cwd, path))
            if data is not None:
                found.append(transaction_wrappers.judged(File.unparsed(path, data, grammar_for(path) or ''), at, calls))
                break
    return config._replace(transaction_wrappers=transaction_wrappers.merged(found))


def _data(found: tuple[bytes, str] | None) -> bytes | None:
    return found[0] if found is not None else None
