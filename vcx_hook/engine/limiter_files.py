"""The rate limiters one project file registers or uses (``ecosystem.app_limiters``), parsed once
per blob id for ``engine.project.with_app_limiters``."""
from __future__ import annotations

import hashlib

from vcx_hook.ecosystem import app_limiters
from vcx_hook.ecosystem import limiters
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import grammar_for

_REGISTERED: dict[tuple[object, ...], tuple[app_limiters.AppLimiter, ...]] = {}  # (path, blob id, names) -> found


def registered(path: str, data: bytes, names: frozenset[str], packages: frozenset[str]) -> tuple[app_limiters.AppLimiter, ...]:
    """The limiters the file at ``path`` registers for every route of its app (``names`` and
    ``packages`` are the check's configured limiters)."""
    grammar = grammar_for(path)
    if grammar is None or not (app_limiters.candidate(data) or app_limiters.may_limit_paths(path, data)):
        return ()
    key = (path, hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest(), names, packages)  # noqa: S324 (git's blob id)
    if key not in _REGISTERED:
        _REGISTERED[key] = app_limiters.of_file(_file_of(path, data, grammar), names, packages)
    return _REGISTERED[key]


_USED: dict[tuple[object, ...], app_limiters.Use] = {}  # (path, blob id, names) -> how it uses limiters
_NOT_USED = app_limiters.Use(imports=False, mounts=False)


def used(path: str, data: bytes, names: frozenset[str], packages: frozenset[str]) -> app_limiters.Use:
    """How the file at ``path`` uses rate limiters: whether it imports a limiter package (from its
    import statements) and whether it applies one past a single route (``app_limiters.mounts``,
    parsed once per blob id and only when its bytes may)."""
    grammar = grammar_for(path)
    if grammar is None:
        return _NOT_USED
    key = (path, hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest(), names, packages)  # noqa: S324 (git's blob id)
    if key not in _USED:
        imports = any(p in data for p in limiters.encoded(packages)) and app_limiters.imports_package(data, packages)
        mounted = app_limiters.may_mount(path, data) and app_limiters.mounts(_file_of(path, data, grammar), names, packages)
        _USED[key] = app_limiters.Use(imports, mounted)
    return _USED[key]


# The last file read for limiters, parsed once for both questions (``registered``, then ``used``).
_LAST: list[tuple[str, bytes, File]] = []


def _file_of(path: str, data: bytes, grammar: str) -> File:
    if _LAST and _LAST[0][0] == path and _LAST[0][1] is data:
        return _LAST[0][2]
    file = File.unparsed(path, data, grammar)
    _LAST[:] = [(path, data, file)]
    return file
