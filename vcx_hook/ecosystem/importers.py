"""Who imports a module's names, and so where a helper runs: a function that only browser files
import (``expireText`` of ``lib/utils/client.ts``, imported by ``Invites.tsx``; a shared package's
``getDefaultDateRange``, imported by the front end's pages) runs in the browser, whatever the folder
of the file that defines it says.

The engine reads the project's files once (``engine.project.with_importers``) and keeps, for each
imported name, who imports it, from which specifier, and whether that importer is browser code;
``browser_only`` then matches the specifiers against the defining file's path: relative ones
exactly, an alias (``@/lib/utils/client``, SvelteKit's ``$lib/utils/client``) by the path's tail, a workspace package (``shared``) by a
folder of that name."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


class Importer(NamedTuple):
    path: str  # the importing file, repository-relative
    spec: str  # what it imports from: './client', '@/lib/utils/client', 'shared'
    browser: bool  # the importing file is browser code


# The whole module, not one name: `import * as utils from`, `import utils from`, `require('x')` kept whole.
WHOLE = '*'
_NAME = rb'[A-Za-z_$][\w$]*'
_IMPORT = re.compile(
    rb'\b(?:import|export)\s+(?:type\s+)?(' + _NAME + rb')?\s*,?\s*(\*\s*as\s+' + _NAME + rb')?\s*(?:\{([^{}]*)\})?'
    rb'''\s*from\s*['"]([^'"\n]+)['"]''')
_REQUIRED = re.compile(rb'''require\(\s*['"]([^'"\n]+)['"]\s*\)''')
_BOUND = re.compile(rb'(?:\{([^{}]*)\}|(' + _NAME + rb'))\s*=\s*$')
_REACH = 400  # bytes before a `require(` that its destructuring may take
_KEYWORDS = (b'import', b'export')  # where `_IMPORT` starts
_SPACES = b' \t\n\r\x0b\x0c'  # a pattern's `\s`
_NAME_BYTES = frozenset(b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$')
_DIGITS = frozenset(b'0123456789')
# Path aliases: `@/`, `~/`, `#/`, `src/`, and SvelteKit's `$lib` (its `src/lib`: `$lib/x` is `lib/x`).
_ALIAS = re.compile(r'^(?:[@~#]/|src/|~|\$(?=lib/))')
_SUFFIX = re.compile(r'\.[cm]?[jt]sx?$')
# A hint of an import to look for before the patterns.
WORDS = (b'import', b'require(', b'export')


def imports(source: bytes) -> Iterator[tuple[str, str]]:
    """(name, specifier) of each import in ``source``: a named import by its exported name, a
    default or namespace import (or a whole ``require``) as ``WHOLE``."""
    for m in _statements(source):
        default, namespace, names, spec = m.groups()
        if (default is not None and default not in (b'type', b'from')) or namespace is not None:
            yield WHOLE, spec.decode('utf-8', 'replace')
        for name in _names(names):
            yield name, spec.decode('utf-8', 'replace')
    pos = source.find(b'require(')
    while pos != -1:  # what is bound just before each `require(`, not every `{` of the file
        called = _REQUIRED.match(source, pos)
        bound = _bound(source, pos) if called is not None else None
        pos = source.find(b'require(', pos + 8)
        if bound is None or called is None:
            continue
        (names, whole), spec = bound.groups(), called.group(1)
        if whole is not None:
            yield WHOLE, spec.decode('utf-8', 'replace')
        for name in _names(names):
            yield name, spec.decode('utf-8', 'replace')


def _statements(source: bytes) -> Iterator[re.Match[bytes]]:
    """What ``_IMPORT.finditer(source)`` finds, tried only where its keywords are: the pattern
    starts with a ``\\b``, which the engine tries at every byte."""
    starts = []
    for keyword in _KEYWORDS:
        pos = source.find(keyword)
        while pos != -1:
            starts.append(pos)
            pos = source.find(keyword, pos + 6)
    end = 0
    for pos in sorted(starts):
        m = _IMPORT.match(source, pos) if pos >= end else None
        if m is not None:
            end = m.end()
            yield m


def _bound(source: bytes, pos: int) -> re.Match[bytes] | None:
    """``_BOUND.search`` of the ``_REACH`` bytes before ``pos``, tried only where a match can
    start: the ``{`` of the braces, or the name, just before the ``=`` that ends them."""
    window = source[max(0, pos - _REACH):pos]
    end = len(window.rstrip(_SPACES))
    if not end or window[end - 1] != 0x3D:  # `=`
        return None
    last = len(window[:end - 1].rstrip(_SPACES))
    if not last:
        return None
    if window[last - 1] == 0x7D:  # `}`
        start = window.rfind(b'{', 0, last - 1)
    else:
        start = last
        while start > 0 and window[start - 1] in _NAME_BYTES:
            start -= 1
        while start < last and window[start] in _DIGITS:
            start += 1  # a name starts with a letter, `_` or `$`
    return _BOUND.match(window, start) if 0 <= start < last else None


def _names(group: bytes | None) -> Iterator[str]:
    if not group:
        return
    for part in group.split(b','):
        words = part.replace(b':', b' as ').split()
        if words and words[0] == b'type':
            words = words[1:]
        if words:
            yield words[0].decode('utf-8', 'replace')


def index(
        files: Iterable[tuple[str, bytes]], folders: frozenset[str], browser: Callable[[str, bytes], bool],
) -> dict[str, tuple[Importer, ...]]:
    """Imported name -> its importers, from (path, source) of the project's files; ``folders``: the
    names of the project's folders (a bare specifier is kept when its package is one: a workspace
    package, not one from the registry); ``browser(path, source)``: the file is browser code, asked
    only of a file that imports something kept (a third of webpack's)."""
    found: dict[str, list[Importer]] = {}
    for path, source in files:
        if not any(w in source for w in WORDS):
            continue
        runs_in_browser: bool | None = None
        for name, spec in imports(source):
            if spec.startswith('.') or _ALIAS.match(spec) or _package(spec) in folders:
                if runs_in_browser is None:
                    runs_in_browser = browser(path, source)
                found.setdefault(name, []).append(Importer(path, spec, runs_in_browser))
    return {name: tuple(sorted(set(importers))) for name, importers in found.items()}


def may_resolve(importer: Importer, path: str) -> bool:
    """``importer``'s specifier may name the module at ``path`` (or a barrel that re-exports it)."""
    target = _SUFFIX.sub('', path)
    if importer.spec.startswith('.'):
        spec = posixpath.normpath(posixpath.join(posixpath.dirname(importer.path), importer.spec))
        spec = _SUFFIX.sub('', spec)
        return target in (spec, spec + '/index') or (target + '/').startswith(spec + '/')
    spec = _SUFFIX.sub('', _ALIAS.sub('', importer.spec)).strip('/')
    if not spec:
        return False
    if target.endswith('/' + spec) or target == spec or target.endswith('/' + spec + '/index'):
        return True
    # A workspace package's entry (`shared`, `@acme/shared`), which may re-export it: a folder of the path.
    if spec.count('/') > spec.startswith('@'):
        return False
    return f'/{_package(spec)}/' in f'/{posixpath.dirname(path)}/'


def _package(spec: str) -> str:
    """The folder a workspace package's specifier names: ``shared`` of ``@acme/shared/dates``."""
    parts = spec.split('/')
    return parts[1] if spec.startswith('@') and len(parts) > 1 else parts[0]


def browser_only(path: str, names: Iterable[str], importers: Mapping[str, tuple[Importer, ...]]) -> bool:
    """Every file that may import one of ``names`` (or the whole module) from ``path`` is browser
    code, and there is at least one."""
    callers = [i for name in (*names, WHOLE) for i in importers.get(name, ()) if may_resolve(i, path)]
    return bool(callers) and all(i.browser for i in callers)


def top_level_names(node: Node) -> tuple[str, ...]:
    """The names the top-level declaration around ``node`` binds: ``expireText`` of ``export function
    expireText() {...}``, ``Utils`` of a class's method, the constants of ``export const a = ...``."""
    top = node
    for up in s.ancestors(node):
        if up.type == 'program':
            break
        top = up
    else:
        return ()
    if top.type == 'export_statement':
        inner = top.child_by_field_name('declaration')
        if inner is None:
            return ()
        top = inner
    if top.type in ('function_declaration', 'generator_function_declaration', 'class_declaration',
                    'abstract_class_declaration'):
        name = top.child_by_field_name('name')
        return (s.text(name),) if name is not None else ()
    if top.type in ('lexical_declaration', 'variable_declaration'):
        return tuple(s.text(d.child_by_field_name('name')) for d in top.named_children
                     if d.type == 'variable_declarator' and d.child_by_field_name('name') is not None)
    return ()
