"""Where an import of the project's own code leads: the file a relative specifier (``./db``,
``../services/user.service.js``) or a path alias of the project's ``tsconfig.json``/``jsconfig.json``
(``@/lib/mail``, ``~/server/db``, ``@domain/user/user.service``) names, as TypeScript and the
bundlers resolve it: the path as written, then with each source suffix, then its folder's
``index``; a ``.js`` written for a ``.ts`` source (ESM TypeScript) is its ``.ts``.

Pure: the engine hands the candidates to the project's files as the audited code sees them
(``engine.project.with_helper_effects``) and keeps the first that exists.
"""
from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

SUFFIXES = ('.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts')
CONFIGS = ('tsconfig.json', 'jsconfig.json')
_JS_TO_TS = {'.js': ('.ts', '.tsx'), '.mjs': ('.mts',), '.cjs': ('.cts',), '.jsx': ('.tsx',)}


class Aliases(NamedTuple):
    """A ``compilerOptions.paths`` table: pattern (``@/*``) -> targets (``./src/*``), relative to
    ``base`` (the folder of ``baseUrl``, or of the configuration file)."""
    base: str
    paths: Mapping[str, tuple[str, ...]]


def candidates(importer: str, specifier: str, aliases: Aliases | None = None) -> Iterator[str]:
    """The project paths ``specifier``, imported by the file at ``importer``, may name, in the
    order TypeScript tries them."""
    for base in _bases(importer, specifier, aliases):
        base = posixpath.normpath(base)
        if base.startswith('..'):
            continue
        stem, suffix = posixpath.splitext(base)
        if suffix in _JS_TO_TS:
            for ts in _JS_TO_TS[suffix]:
                yield stem + ts
            yield base
            continue
        if suffix in SUFFIXES:
            yield base
            continue
        for s in SUFFIXES:
            yield base + s
        for s in SUFFIXES:
            yield posixpath.join(base, 'index' + s)


def _bases(importer: str, specifier: str, aliases: Aliases | None) -> Iterator[str]:
    if specifier.startswith('.'):
        yield posixpath.join(posixpath.dirname(importer), specifier)
        return
    if aliases is None:
        return
    for pattern, targets in aliases.paths.items():
        prefix, star, suffix = pattern.partition('*')
        if star:
            if not (specifier.startswith(prefix) and specifier.endswith(suffix)) or len(specifier) < len(prefix) + len(suffix):
                continue
            middle = specifier[len(prefix):len(specifier) - len(suffix)]
        elif specifier != pattern:
            continue
        else:
            middle = ''
        for target in targets:
            yield posixpath.join(aliases.base, target.replace('*', middle, 1))


_TRAILING_COMMA = re.compile(r',(\s*[}\]])')
_STRING_OR_COMMENT = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.S)


def aliases(folder: str, data: bytes) -> Aliases | None:
    """The path aliases a ``tsconfig.json`` in ``folder`` declares (JSON with comments and trailing
    commas); None when it declares none or does not parse. Its ``extends`` is not followed."""
    text = data.decode('utf-8', 'replace')
    text = _STRING_OR_COMMENT.sub(lambda m: m.group() if m.group().startswith('"') else '', text)
    text = _TRAILING_COMMA.sub(r'\1', text)
    try:
        found = json.loads(text)
    except ValueError:
        return None
    options = found.get('compilerOptions') if isinstance(found, dict) else None
    if not isinstance(options, dict):
        return None
    paths = options.get('paths')
    if not isinstance(paths, dict) or not paths:
        return None
    base_url = options.get('baseUrl')
    base_url = base_url if isinstance(base_url, str) else '.'
    table = {k: tuple(v for v in targets if isinstance(v, str)) for k, targets in paths.items()
             if isinstance(k, str) and isinstance(targets, list)}
    return Aliases(posixpath.normpath(posixpath.join(folder, base_url)), table)


def base_url(folder: str, data: bytes) -> Aliases | None:
    """The ``baseUrl`` of a ``tsconfig.json`` in ``folder`` as an alias table (``*`` -> ``*``: a
    bare specifier, ``store/database``, names the file under it), None when it sets none."""
    text = _STRING_OR_COMMENT.sub(lambda m: m.group() if m.group().startswith('"') else '', data.decode('utf-8', 'replace'))
    try:
        found = json.loads(_TRAILING_COMMA.sub(r'\1', text))
    except ValueError:
        return None
    options = found.get('compilerOptions') if isinstance(found, dict) else None
    base = options.get('baseUrl') if isinstance(options, dict) else None
    return Aliases(posixpath.normpath(posixpath.join(folder, base)), {'*': ('*',)}) if isinstance(base, str) else None


def folders_up(path: str) -> Iterator[str]:
    """The folders above ``path``, nearest first, the root (``''``) last."""
    folder = posixpath.dirname(path)
    while True:
        yield folder
        if not folder:
            return
        folder = posixpath.dirname(folder)
