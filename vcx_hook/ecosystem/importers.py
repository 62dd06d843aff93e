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

from vcx_hook.ecosystem import roles
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


class Importer(NamedTuple):
    path: str  # the importing file, repository-relative
    spec: str  # what it imports from: './client', '@/lib/utils/client', 'shared'
    browser: bool  # the importing file is browser code
    # The name a barrel passes the import on as (`export { relativeTime } from './relativeTime'`),
    # '' for an import: the barrel's own importers are where the name runs.
    passes_on: str = ''
    # A test or a story: it exercises the module, it is not a caller whose runtime the module shares.
    exercises: bool = False


# The whole module, not one name: `import * as utils from`, `import utils from`, `require('x')` kept whole.
WHOLE = '*'
# Every name passed on by a barrel (`export * from './media-manager-utils'`): who imports them is
# the barrel's business, so a name a module exports may be in use though no file imports it by name.
PASSED_ON = '**'
_PASSES_ON = lazyre.compile(rb"""\bexport\s*\*\s*from\s*['"]([^'"\n]+)['"]""")
_NAME = rb'[A-Za-z_$][\w$]*'
_IMPORT = lazyre.compile(
    rb'\b(?:import|export)\s+(?:type\s+)?(' + _NAME + rb')?\s*,?\s*(\*\s*as\s+' + _NAME + rb')?\s*(?:\{([^{}]*)\})?'
    rb'''\s*from\s*['"]([^'"\n]+)['"]''')
_REQUIRED = lazyre.compile(rb'''require\(\s*['"]([^'"\n]+)['"]\s*\)''')
_BOUND = lazyre.compile(rb'(?:\{([^{}]*)\}|(' + _NAME + rb'))\s*=\s*$')
_REACH = 400  # bytes before a `require(` that its destructuring may take
_KEYWORDS = (b'import', b'export')  # where `_IMPORT` starts
_SPACES = b' \t\n\r\x0b\x0c'  # a pattern's `\s`
_NAME_BYTES = frozenset(b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$')
_DIGITS = frozenset(b'0123456789')
# Path aliases: `@/`, `~/`, `#/`, `src/`, and SvelteKit's `$lib` (its `src/lib`: `$lib/x` is `lib/x`).
_ALIAS = lazyre.compile(r'^(?:[@~#]/|src/|~|\$(?=lib/))')
_SUFFIX = lazyre.compile(r'\.[cm]?[jt]sx?$')
# The nodes that name a binding where it is declared or used.
_IDENTIFIERS = frozenset(('identifier', 'shorthand_property_identifier', 'property_identifier', 'type_identifier'))
# The files that exercise a module rather than run it where it runs (``Importer.exercises``).
EXERCISING_ROLES = frozenset(('test', 'docs'))
# A hint of an import to look for before the patterns.
WORDS = (b'import', b'require(', b'export')


def imports(source: bytes) -> Iterator[tuple[str, str]]:
    """(name, specifier) of each import in ``source``: a named import by its exported name, a
    default or namespace import (or a whole ``require``) as ``WHOLE``."""
    for name, spec, _ in passed_imports(source):
        yield name, spec


def passed_imports(source: bytes) -> Iterator[tuple[str, str, str]]:
    """``imports`` with, for a name a barrel passes on (``export { a as b } from './a'``), the
    name it passes it on as (``b``); '' for the others."""
    for m in _statements(source):
        default, namespace, names, spec = m.groups()
        if (default is not None and default not in (b'type', b'from')) or namespace is not None:
            yield WHOLE, spec.decode('utf-8', 'replace'), ''
        passing = m.group(0).startswith(b'export')
        for name, alias in _names_as(names):
            yield name, spec.decode('utf-8', 'replace'), alias if passing else ''
    if b'export' in source:
        for m in _PASSES_ON.finditer(source):
            yield PASSED_ON, m.group(1).decode('utf-8', 'replace'), ''
    pos = source.find(b'require(')
    while pos != -1:  # what is bound just before each `require(`, not every `{` of the file
        called = _REQUIRED.match(source, pos)
        bound = _bound(source, pos) if called is not None else None
        pos = source.find(b'require(', pos + 8)
        if bound is None or called is None:
            continue
        (names, whole), spec = bound.groups(), called.group(1)
        if whole is not None:
            yield WHOLE, spec.decode('utf-8', 'replace'), ''
        for name in _names(names):
            yield name, spec.decode('utf-8', 'replace'), ''


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
    for name, _ in _names_as(group):
        yield name


def _names_as(group: bytes | None) -> Iterator[tuple[str, str]]:
    """(name, the name it is bound as) of each name in an import's or a destructuring's braces."""
    if not group:
        return
    for part in group.split(b','):
        words = part.replace(b':', b' as ').split()
        if words and words[0] == b'type':
            words = words[1:]
        if words:
            yield words[0].decode('utf-8', 'replace'), words[-1].decode('utf-8', 'replace')


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
        exercises = False
        for name, spec, passes_on in passed_imports(source):
            if local(spec) or _package(spec) in folders:
                if runs_in_browser is None:
                    runs_in_browser = browser(path, source)
                    exercises = roles.role_of(path, source) in EXERCISING_ROLES
                found.setdefault(name, []).append(Importer(path, spec, runs_in_browser, passes_on, exercises))
    return {name: tuple(sorted(set(importers))) for name, importers in found.items()}


def local(spec: str) -> bool:
    """``spec`` names a module of the project: relative (``./tx``) or through an alias (``~/infra/tx``)."""
    return spec.startswith('.') or _ALIAS.match(spec) is not None


def module_paths(importer: Importer, extensions: tuple[str, ...]) -> list[str]:
    """The paths ``importer``'s specifier may name, likeliest first, without listing the project:
    a relative one from the importing file's folder, an alias's tail (``~/infra/tx``, ``@/lib/tx``)
    under each folder above the importing file (where its ``tsconfig`` paths usually point); each
    as a file with one of ``extensions`` (an ESM ``./tx.js`` may be ``tx.ts``) or a folder's index."""
    if importer.spec.startswith('.'):
        bases = [posixpath.normpath(posixpath.join(posixpath.dirname(importer.path), importer.spec))]
    else:
        tail = _ALIAS.sub('', importer.spec).strip('/')
        folder = posixpath.dirname(importer.path)
        bases = []
        while tail:
            bases.append(posixpath.join(folder, tail) if folder else tail)
            if not folder:
                break
            folder = posixpath.dirname(folder)
    bases = [_SUFFIX.sub('', b) for b in bases if not b.startswith('..')]
    return [b + ext for b in bases for ext in extensions] + [f'{b}/index{ext}' for b in bases for ext in extensions]


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


def browser_only(path: str, names: Iterable[str], importers: Mapping[str, tuple[Importer, ...]], hops: int = 4) -> bool:
    """Every file that may import one of ``names`` (or the whole module) from ``path`` is browser
    code, and there is at least one. A barrel that passes a name on (latitude-llm's ``export {
    relativeTime } from './relativeTime.ts'``) runs it where its own importers of that name run
    (``hops`` barrels deep); a test or a story says nothing."""
    callers = _callers(path, tuple(names), importers, hops, {path})
    return bool(callers) and all(callers)


def _callers(
        path: str, names: tuple[str, ...], importers: Mapping[str, tuple[Importer, ...]], hops: int, seen: set[str],
) -> list[bool]:
    """Whether each file that may import one of ``names`` (or the whole module) from ``path`` is
    browser code, through the barrels that pass them on."""
    found = []
    for name in (*names, WHOLE):
        for i in importers.get(name, ()):
            if i.exercises or not may_resolve(i, path):
                continue
            if i.passes_on and hops > 1:
                if i.path in seen:
                    continue  # followed already, or a cycle back
                seen.add(i.path)
                further = _callers(i.path, (i.passes_on,), importers, hops - 1, seen)
                if further:
                    found += further
                    continue
            found.append(i.browser)
    return found


def loaded_by_browser(path: str, importers: Mapping[str, tuple[Importer, ...]], hops: int = 6) -> bool:
    """Every file that imports anything of the module at ``path`` is browser code, or (``hops``
    left) a module only browser code loads, and there is at least one: the module runs in the
    browser whatever its folder or the names its importers take (big-AGI's ``trade.client.ts``,
    whose ``conversationToMarkdown`` only its own ``downloadSingleChat`` calls, for components;
    its prompt mixer's parameters, loaded through ``pmix.ts`` and a conversation handler by pages).
    An importer that only the modules being followed import (a cycle) says nothing either way."""
    return _loaded_by_browser(path, importers, hops, {path: None}) is True


def _loaded_by_browser(
        path: str, importers: Mapping[str, tuple[Importer, ...]], hops: int, seen: dict[str, bool | None],
) -> bool | None:
    """True, False, or None when every importer is one of the modules being followed."""
    callers = {i.path: i.browser for found in importers.values() for i in found if not i.exercises and may_resolve(i, path)}
    said = False
    for caller, browser in callers.items():
        if browser:
            said = True
            continue
        if caller not in seen:
            if hops <= 1:
                return False
            seen[caller] = None  # being followed
            seen[caller] = _loaded_by_browser(caller, importers, hops - 1, seen)
        if seen[caller] is False:
            return False
        said = said or seen[caller] is True
    return True if said else (None if callers else False)


def imported(path: str, importers: Mapping[str, tuple[Importer, ...]]) -> bool:
    """Another file imports something of the module at ``path`` (or passes it on, ``export * from``)."""
    return any(may_resolve(i, path) for found in importers.values() for i in found)


def unused_export(path: str, node: Node, importers: Mapping[str, tuple[Importer, ...]]) -> bool:
    """The named export around ``node`` is a helper nothing calls (nextcrm's ``getUsersByMonth``
    chart helper beside the ``getUsers`` the pages import): other files import its module, but
    none imports this name (from any module: a barrel may pass it on) nor the whole module, no
    barrel passes on all its names (``export * from``), and its own file never names it again.  A module nobody imports says nothing: an entry point (a
    route, a page, a script) is reached by its framework, not by an import."""
    names = exported_names(node)
    if not names or any(n in importers for n in names):
        return False
    if any(may_resolve(i, path) for i in (*importers.get(WHOLE, ()), *importers.get(PASSED_ON, ()))):
        return False
    if not imported(path, importers):
        return False
    program = _program(node)
    return program is not None and _mentions(program, frozenset(n.encode() for n in names)) == len(names)


def _mentions(root: Node, names: frozenset[bytes]) -> int:
    """How many identifiers under ``root`` are spelled as one of ``names`` (comments and strings
    are not identifiers)."""
    count = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in _IDENTIFIERS and node.text in names:
            count += 1
        stack.extend(node.named_children)
    return count


def exported_names(node: Node) -> tuple[str, ...]:
    """The names a named export around ``node`` binds (``export const a = ...``, ``export function
    a() {}``); none for a default export or a declaration that is not exported."""
    top = top_statement(node)
    if top is None or top.type != 'export_statement' or any(c.type == 'default' for c in top.children):
        return ()
    return top_level_names(node)


def top_statement(node: Node) -> Node | None:
    """The statement of the program ``node`` is in (itself when it is one); None outside a program."""
    top = node
    for up in s.ancestors(node):
        if up.type == 'program':
            return top
        top = up
    return None


def _program(node: Node) -> Node | None:
    return next((up for up in s.ancestors(node) if up.type == 'program'), None)


def top_level_names(node: Node) -> tuple[str, ...]:
    """The names the top-level declaration around ``node`` binds: ``expireText`` of ``export function
    expireText() {...}``, ``Utils`` of a class's method, the constants of ``export const a = ...``."""
    top = top_statement(node)
    return _declared(top) if top is not None else ()


def reaching_names(node: Node) -> tuple[str, ...]:
    """The names other files reach the code around ``node`` by: its top-level declaration's, or,
    for a helper its module keeps to itself (``function convertDate() {...}`` that ``export function
    aggregate()`` calls), those of the exported declarations that call it, directly or through the
    module's other helpers (langfuse's chart helpers; chatbot-ui's ``buildBasePrompt``)."""
    top = top_statement(node)
    names = _declared(top) if top is not None else ()
    program = s.parent_of(top) if top is not None else None
    if top is None or top.type == 'export_statement' or not names or program is None:
        return names
    statements = [(stmt, _declared(stmt)) for stmt in program.named_children if stmt != top]
    reached, frontier, exported = set(names), set(names), []
    while frontier:
        spelled = frozenset(n.encode() for n in frontier)
        if any(not own and _mentions(stmt, spelled) for stmt, own in statements):
            return names  # used by the module's own statements (`module.exports = {...}`, `app.get(...)`)
        callers = [(stmt, own) for stmt, own in statements if own and reached.isdisjoint(own) and _mentions(stmt, spelled)]
        exported += [n for stmt, own in callers if stmt.type == 'export_statement' for n in own]
        frontier = {n for stmt, own in callers if stmt.type != 'export_statement' for n in own}
        reached |= {n for _, own in callers for n in own}
    return tuple(exported) or names


def _declared(top: Node) -> tuple[str, ...]:
    """The names a top-level statement declares (through its ``export``)."""
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
