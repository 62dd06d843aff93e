"""One literal in one module inside the model too (issue 16): a package name, an ORM method or a
client name is spelled by ONE module of ``ecosystem/`` and ``lang/`` (package names by
``ecosystem/packages.py``), and the others take it from there.  A name spelled by two modules fails
here with both places, so the second is made to ask the first."""
from __future__ import annotations

import ast
import os
import re

from vcx_hook.ecosystem import dates
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores

from tests.ecosystem import literals_test
from tests.helpers import ROOT

FOLDERS = (os.path.join(ROOT, 'vcx_hook', 'ecosystem'), os.path.join(ROOT, 'vcx_hook', 'lang'))
# Package names that are plain words of JavaScript, which the tables hold for something else:
# Express's and a cursor's `next`, the request object (`request`), Node's builtin modules named by
# a request's fields or a cursor's methods (`req.path`, `cursor.stream()`: packages.NODE_WORDS).
PLAIN_WORDS = frozenset(('next', 'request', *packages.NODE_WORDS))
# A module that spells a name for another fact than the package or client of that name.
ALLOWED = {
    # URL schemes (`redis://cache:6379`) name a protocol, not a package.
    'vcx_hook/ecosystem/schemes.py': frozenset(('http', 'https', 'ws', 'mongodb', 'postgres', 'mysql', 'redis', 'mssql')),
    # lang/ sits below ecosystem/ and asks none of it, and lang/scope itself asks whether a file is
    # UI code (source.is_ui_file, by its imports); packages.UI_PACKAGES says which packages make a
    # browser project, a superset that also makes some of them plain packages (kind PACKAGE).
    'vcx_hook/lang/source.py': frozenset((
        'react', 'react-dom', 'react-native', 'preact', 'vue', 'svelte', 'solid-js', '@angular/core',
    )),
    # MySQL's system schema (`mysql.user`), and the plural ending of a table name (`addresses`).
    'vcx_hook/lang/sql.py': frozenset(('mysql', 'ses')),
}


def _package_names() -> frozenset[str]:
    found = set(packages.BY_NAME) | {p.library for p in packages.BY_NAME.values()} | set(packages.BY_SCOPE)
    found |= packages.SERVER_PACKAGES | packages.FULL_STACK_PACKAGES | packages.UI_PACKAGES
    found |= dates.ZONE_CONVERTERS | stores.MEMORY_CACHE_PACKAGES | services.LDAP_PACKAGES
    return frozenset(found - PLAIN_WORDS)


NAMES = _package_names() | literals_test.NAMES


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def words(value: str) -> set[str]:
    """The names a literal spells: itself, and the words of a pattern (``(?:express|koa)``) or of
    a single word (``next/``); prose (a message: spaces and no alternation) only as a whole."""
    if re.search(r'\s', value) and '|' not in value:
        return {value}
    return {value, *re.findall(r'[\w$@/.-]+', value)}


def literals(path: str) -> list[tuple[int, str]]:
    """``(line, name)`` for each name of ``NAMES`` that a module's strings spell (docstrings left out)."""
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), path)
    skip = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and id(node) not in skip:
            value = node.value.decode('utf-8', 'replace') if isinstance(node.value, bytes) else node.value
            out += [(node.lineno, w) for w in sorted(words(value) & NAMES)]
    return out


def spelled_twice(folders: tuple[str, ...], allowed: dict[str, frozenset[str]]) -> list[str]:
    """``module:line 'name' (also in other modules)`` for each name two modules of ``folders`` spell."""
    where: dict[str, dict[str, int]] = {}
    for folder in folders:
        for dirpath, _, files in os.walk(folder):
            for name in sorted(f for f in files if f.endswith('.py')):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, ROOT).replace(os.sep, '/')
                for line, word in literals(path):
                    if word not in allowed.get(rel, ()):
                        where.setdefault(word, {}).setdefault(rel, line)
    out = []
    for word, modules in where.items():
        if len(modules) > 1:
            for rel, line in modules.items():
                others = ', '.join(sorted(m for m in modules if m != rel))
                out.append(f'{rel}:{line} {word!r} (also in {others})')
    return sorted(out)


def test_ecosystem_and_lang_spell_each_package_and_client_name_in_one_module():
    assert spelled_twice(FOLDERS, ALLOWED) == []


def test_the_checks_spell_no_package_name_either(monkeypatch):
    """literals_test holds the checks to the stores' and clients' names; the frameworks', the date
    libraries' and the services' packages are held to the same rule with this wider list."""
    monkeypatch.setattr(literals_test, 'NAMES', NAMES)
    assert literals_test._spelled() == []


def test_the_allowed_names_are_still_spelled_there():
    """An allowance nobody needs any more is dropped, so the list stays short and true."""
    for rel, names in ALLOWED.items():
        spelled = {word for _, word in literals(os.path.join(ROOT, rel))}
        assert sorted(names - spelled) == [], rel


def test_the_names_held_include_packages_frameworks_and_methods():
    assert {'express', 'koa', 'fastify', '@koa/router', 'hono', 'dayjs', 'moment', 'date-fns', 'luxon'} <= NAMES
    assert {'axios', 'got', 'prisma', 'mongoose', 'ioredis', 'nodemailer', 'fs-extra', 'child_process'} <= NAMES
    assert {'findMany', '$transaction', 'createQueryBuilder', 'sendMail'} <= NAMES
    assert {'next', 'request', 'path', 'url', 'stream', 'fetch'}.isdisjoint(NAMES)


def test_a_name_spelled_in_two_modules_is_reported_in_both(tmp_path):
    folder = tmp_path / 'model'
    folder.mkdir()
    (folder / 'a.py').write_text("CLIENTS = frozenset(('axios', 'got'))\n")
    (folder / 'b.py').write_text('"""axios in a docstring is prose."""\n\nX = 1\nIMPORT = rb"from [\'\\"](?:axios|koa)"\n')
    (folder / 'c.py').write_text("WORDS = frozenset(('koa',))\n")
    rel = os.path.relpath(folder, ROOT).replace(os.sep, '/')
    assert spelled_twice((str(folder),), {f'{rel}/c.py': frozenset(('koa',))}) == [
        f"{rel}/a.py:1 'axios' (also in {rel}/b.py)",
        f"{rel}/b.py:4 'axios' (also in {rel}/a.py)",
    ]
