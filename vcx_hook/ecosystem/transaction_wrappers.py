"""Functions of the project that run the callback they are handed in a transaction, known from
where they are declared rather than from their names.

zero-logement-vacant's controllers write through repositories inside
``startKyselyTransaction(async () => { ... })``; the function, imported from a local module, opens
the transaction and keeps it where the repositories find it without a handle (``return kysely
.transaction().execute((trx) => storage.run({ transaction: trx }, cb))``), so the callback's writes
commit together. A payment app's ``recordTransaction(async () => { ... })`` may only log: its name
says nothing about what it does.

The engine (``engine.transactions.with_transaction_callers``) finds the calls of the audited files that
hand a function to a name the file imports from a local module (a relative or alias specifier) or
declares itself, reads the module the specifier names (one hop), and keeps a verdict per name
(``Config.transaction_wrappers``): true when a declaration of it opens a transaction (a call of the
family's ``transaction_calls``) in the statement that names one of its parameters (hands the callback
on), false when the project declares it and none does. A name with no verdict (a package's, a member
call, a module the engine could not find) is judged by its spelling, as before: its last word is
``transaction`` (``runInDbTransaction(cb)``)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem import stores
from vcx_hook.ecosystem.importers import Importer
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# A function handed as the first argument or after a first one (a name or a string): `(async () =>`,
# `(ctx, function (trx) {`, `('settle', async () =>`; the called name is read before the parenthesis
# (`_CALLED`): a search from each `(` is five times as fast over webpack's 13k files as one from each name.
_HANDED = lazyre.compile(
    rb'\(\s*((?:[\w$.]+|\'[^\'\n]*\'|"[^"\n]*")\s*,\s*)?(?:async\s*)?'
    rb'(?:function\b|\([^()]*\)\s*(?::\s*[^=()]+)?=>|[A-Za-z_$][\w$]*\s*=>)')
# An awaited or returned write on a store (`await repo.save(`, `=> knex('t').insert(`): a file with
# none hands no callback writes to keep together (webpack's `hash.update(` is no such write).
_WRITE = lazyre.compile(rb'(?:\b(?:await|return)\s+|=>\s*)[^;\n]{0,120}?\.\s*(?:'
                        + '|'.join(sorted(m.replace('$', r'\$') for m in stores.WRITE_METHODS)).encode() + rb')\s*\(')
# A bare name (not a member) right before the parenthesis, with type arguments: `startTx`, `run<Order>`.
_CALLED = lazyre.compile(rb'(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*$')
# Where a name is declared as a function: `function f(`, `const f = (`, `f(cb) {` (a method).
_DECLARATIONS = frozenset(('function_declaration', 'generator_function_declaration', 'variable_declarator',
                           'method_definition'))
class Wanted(NamedTuple):
    name: str  # a function the audited code hands a callback to
    at: frozenset[int]  # the positions of the callback among its arguments
    where: Importer  # who imports it from where (an empty spec: declared in that file)


# At most this many places are looked up for one run (each a few index lookups, no listing).
MAX_MODULES = 64


def handed(source: bytes, calls: frozenset[str]) -> dict[str, frozenset[int]]:
    """The bare names ``source`` calls with a function argument, the known transaction calls aside,
    each with the positions of that argument (0 or 1)."""
    found: dict[str, set[int]] = {}
    for m in _HANDED.finditer(source):
        called = _CALLED.search(source, max(0, m.start() - 120), m.start())
        name = called.group(1).decode() if called is not None else ''
        if name and name not in calls:
            found.setdefault(name, set()).add(0 if m.group(1) is None else 1)
    return {name: frozenset(at) for name, at in found.items()}


def wanted(files: Iterable[tuple[str, bytes]], calls: frozenset[str]) -> list[Wanted]:
    """Each name ``files`` hand a function to and import from a local module (``Importer.spec``) or
    declare themselves (an empty ``spec``: the file itself), with where to look and the positions."""
    found: list[Wanted] = []
    for path, source in files:
        if stores.MEMBER_WRITE.search(source) is None or _WRITE.search(source) is None:  # no write to hold together
            continue
        names = handed(source, calls)
        if not names:
            continue
        imported = [(name, spec) for name, spec in importers.imports(source) if name in names]
        local = sorted({(name, spec) for name, spec in imported if importers.local(spec)})
        found.extend(Wanted(name, names[name], Importer(path, spec, False)) for name, spec in local)
        own = _declares(source, set(names) - {name for name, _ in imported})
        found.extend(Wanted(name, names[name], Importer(path, '', False)) for name in sorted(own))
    return found


def positions(looked_for: Iterable[Wanted]) -> dict[str, frozenset[int]]:
    """Each wanted name -> every position a callback is handed to it at."""
    out: dict[str, frozenset[int]] = {}
    for want in looked_for:
        out[want.name] = out.get(want.name, frozenset()) | want.at
    return out


def _declares(source: bytes, names: Iterable[str]) -> frozenset[str]:
    """Those of ``names`` that ``source`` may declare as a function (``function f``, ``const f =``):
    a bare name is no method of the file."""
    return frozenset(m.group(1).decode() for m in _DECLARED.finditer(source)) & frozenset(names)


# A name declared: `function f`, `function* f`, `const f`, `let f`, `var f`.
_DECLARED = lazyre.compile(rb'\b(?:function\s*\*?\s*|(?:const|let|var)\s+)([A-Za-z_$][\w$]*)')


def modules(looked_for: Iterable[Wanted], extensions: tuple[str, ...]) -> Iterator[list[str]]:
    """For each distinct place a name ``looked_for`` may be declared, the paths that may hold it,
    likeliest first (``importers.module_paths``; the importing file itself for a name it declares):
    the first of them the project has is the module. At most ``MAX_MODULES`` places."""
    places = sorted({w.where for w in looked_for})
    for where in places[:MAX_MODULES]:
        yield [where.path] if not where.spec else importers.module_paths(where, extensions)


def judged(file: File, at: Mapping[str, frozenset[int]], calls: frozenset[str]) -> dict[str, bool]:
    """``verdicts`` for the module ``file``, parsed only when it calls one of ``calls``: a module that
    opens no transaction declares no wrapper (its functions of ``at`` are plain, read from the text)."""
    source = file.source
    if not any(n.encode() in source for n in at):
        return {}
    if _calling(calls).search(source) is None:
        return dict.fromkeys(_declares(source, at), False)
    return verdicts(file, at, calls)


@functools.lru_cache(maxsize=4)
def _calling(calls: frozenset[str]) -> re.Pattern[bytes]:
    words = b'|'.join(re.escape(c.encode()) for c in sorted(calls, key=len, reverse=True))
    return re.compile(rb'(?<![\w$])(?:' + words + rb')\s*\(')


def verdicts(file: File, at: Mapping[str, frozenset[int]], calls: frozenset[str]) -> dict[str, bool]:
    """For each name of ``at`` that ``file`` declares as a function: whether a declaration of it opens
    a transaction around its callback (the parameter at a position of ``at``): a call of ``calls`` in
    the statement that names that parameter."""
    found: dict[str, bool] = {}
    for node in file.named(frozenset(n.encode() for n in at), ((0, len(file.source)),)):
        fn = _declared(node)
        if fn is not None:
            name = s.text(node)
            found[name] = found.get(name, False) or _opens_around(file, fn, at[name], calls)
    return found


def merged(found: Iterable[Mapping[str, bool]]) -> dict[str, bool]:
    """One verdict per name: a wrapper wherever one declaration of it is."""
    out: dict[str, bool] = {}
    for verdict in found:
        for name, opens in verdict.items():
            out[name] = out.get(name, False) or opens
    return out


def _declared(name: Node) -> Node | None:
    """The function ``name`` names where it is declared: ``function f``, ``const f = () =>``, a method."""
    parent = s.parent_of(name)
    if parent is None or parent.type not in _DECLARATIONS or parent.child_by_field_name('name') != name:
        return None
    if parent.type == 'variable_declarator':
        value = parent.child_by_field_name('value')
        return value if value is not None and value.type in s.FUNCTION_TYPES else None
    return parent


def _opens_around(file: File, fn: Node, at: frozenset[int], calls: frozenset[str]) -> bool:
    params = s.parameter_names(fn)
    callbacks = frozenset(params[i].encode() for i in at if i < len(params))
    body = s.function_body(fn)
    if not callbacks or body is None:
        return False
    for opener in _openers(file, body, calls):
        statement = _statement(opener, body)
        if any(n.text in callbacks for n in s.identifiers(statement)):
            return True
    return False


def _openers(file: File, body: Node, calls: frozenset[str]) -> Iterator[Node]:
    for name in file.named(frozenset(c.encode() for c in calls), ((body.start_byte, body.end_byte),)):
        call = s.called_by(name)
        if call is not None:
            yield call


def _statement(node: Node, body: Node) -> Node:
    """The statement of ``body`` that holds ``node`` (the body itself when it is an expression)."""
    if body.type != 'statement_block':
        return body
    while True:
        parent = s.parent_of(node)
        if parent is None or parent == body:
            return node
        node = parent
