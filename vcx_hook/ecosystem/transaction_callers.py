"""Methods of a class that every caller runs in its own transaction: a repository built on the
client it is handed (``constructor(private db: Database)``) and, where the project calls the method,
built on a transaction's client first (cosmo's ``opts.db.transaction(async (tx) => { const repo = new
FederatedGraphRepository(logger, tx, orgId); await repo.move(...) })``). The method's writes on
``this.db`` then commit with the caller's transaction, and asking for one inside it is wrong; one
caller that builds it on the bare client (``new ProposalRepository(opts.db, orgId)``) makes them ask.

The engine reads the project's files once (``engine.transactions.with_transaction_callers``): the classes
of the audited files whose methods write on a field (``this.db.insert(``), then the files that
construct one of them (``new Repo(``) and the files that declare them (a method calling another
through ``this`` is a caller that brings no transaction). One hop only: a caller's own callers are
not followed.

Functions handed whole to a transaction call are read the same way: trackdechets' repository
builders (``export function buildCreateBsff(deps) { return async (args) => { const { prisma } = deps;
... } }``) are named only in ``useTransaction(buildCreateBsff)``, whose wrapper calls the builder with
the transaction's client (``prisma.$transaction(...)``). A name the project hands to a transaction call
(``knex.transaction(trxFunction)``) or calls with a transaction (``trxFunction(trx)``) everywhere it
names it, imports, exports and its declaration aside, is ``handed``; one other use (a direct call on
the bare client, a hand-off elsewhere) is not."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_WRITES = '|'.join(sorted(m.replace('$', r'\$') for m in stores.WRITE_METHODS))
# A class with a constructor whose methods write on one of its fields (`this.db.insert(`).
_FIELD_WRITE = lazyre.compile(rb'\bthis\.[\w$]+\s*\.\s*(?:' + _WRITES.encode() + rb')\s*\(')
_CLASS = lazyre.compile(rb'\bclass\s+([A-Za-z_$][\w$]*)')
_SCOPES = frozenset(('statement_block', 'program', *s.FUNCTION_TYPES))


def writing_classes(source: bytes) -> frozenset[str]:
    """The classes ``source`` declares, when it has a constructor and a write on a field."""
    if b'constructor' not in source or not lazyre.found_at(_FIELD_WRITE, (b'this.',), source):
        return frozenset()
    return frozenset(m.group(1).decode() for m in _CLASS.finditer(source))


def wanted(source: bytes, classes: frozenset[str]) -> bool:
    """``source`` may construct or declare one of ``classes``."""
    return lazyre.found_at(_spelled(classes), (b'new', b'class'), source)


@functools.lru_cache(maxsize=4)
def _spelled(classes: frozenset[str]) -> re.Pattern[bytes]:
    """``new Repo(`` (group 1) or ``class Repo`` (group 2) for a name of ``classes``."""
    names = b'|'.join(re.escape(c.encode()) for c in sorted(classes, key=len, reverse=True)) or b'(?!)'
    return re.compile(rb'\bnew\s+(' + names + rb')\s*\(|\bclass\s+(' + names + rb')\b')


def covered(files: Iterable[File], classes: frozenset[str], calls: frozenset[str], handles: frozenset[str]) -> frozenset[tuple[str, str]]:
    """(class, method) of ``classes`` called somewhere in ``files``, and every time on an instance
    built on a transaction: a name of ``handles`` (``tx``) or the parameter of a callback handed
    to one of ``calls`` (``db.transaction(async (t) => ...)``)."""
    seen: dict[tuple[str, str], bool] = {}
    for file in files:
        for name, method, in_tx in _calls(file, classes, calls, handles):
            seen[(name, method)] = seen.get((name, method), True) and in_tx
    return frozenset(k for k, in_tx in seen.items() if in_tx)


def _calls(file: File, classes: frozenset[str], calls: frozenset[str], handles: frozenset[str]) -> Iterator[tuple[str, str, bool]]:
    root = file.tree.root
    for m in _spelled(classes).finditer(file.source):
        node = root.descendant_for_byte_range(m.start(), m.start() + 1)
        kind = 'new_expression' if m.group(1) else 'class_declaration'
        while node is not None and node.type != kind:
            node = s.parent_of(node)
        if node is None:
            continue
        if kind == 'new_expression':
            args = s.arguments(node)
            if any(_on_this(a) for a in args):
                continue  # built inside another repository on the client that one was handed: its caller's
            in_tx = any(_transaction_handle(a, calls, handles) for a in args)
            for method in _methods_called(node):
                yield m.group(1).decode(), method, in_tx
        else:  # another method calling it through `this` brings no transaction
            for call in _THIS_CALL.finditer(file.source, node.start_byte, node.end_byte):
                yield m.group(2).decode(), call.group(1).decode(), False


_THIS_CALL = lazyre.compile(rb'\bthis\s*\.\s*([A-Za-z_$][\w$]*)\s*\(')


def _methods_called(new: Node) -> Iterator[str]:
    """The methods called on what ``new`` built: ``new Repo(tx).move()``, or on the name it is
    declared into, in the scope of that declaration and not where the name is declared again."""
    parent = s.parent_of(new)
    if parent is not None and parent.type == 'member_expression':
        yield _property(parent)
        return
    if parent is None or parent.type != 'variable_declarator':
        return
    name_node = parent.child_by_field_name('name')
    if name_node is None or name_node.type != 'identifier':
        return
    name = s.text(name_node)
    home = next((a for a in s.ancestors(parent) if a.type in _SCOPES), None)
    if home is None:
        return
    stack = list(home.named_children)
    while stack:
        node = stack.pop()
        if node.type in _SCOPES and _declares(node, name):
            continue
        if node.type == 'call_expression':
            target = s.callee(node)
            if target is not None and target.type == 'member_expression' \
                    and _object_text(target) == name:
                yield _property(target)
        stack.extend(node.named_children)


def _declares(scope_node: Node, name: str) -> bool:
    """``scope_node`` declares ``name`` again: a parameter, or a ``const``/``let``/``var`` of its own."""
    if scope_node.type in s.FUNCTION_TYPES:
        if name in s.parameter_names(scope_node):
            return True
        scope_node = s.function_body(scope_node) or scope_node
    for statement in scope_node.named_children:
        if statement.type in ('lexical_declaration', 'variable_declaration'):
            for d in statement.named_children:
                n = d.child_by_field_name('name') if d.type == 'variable_declarator' else None
                if n is not None and s.text(n) == name:
                    return True
    return False


def _transaction_handle(arg: Node, calls: frozenset[str], handles: frozenset[str]) -> bool:
    """``arg`` names a transaction: ``tx``, or the first parameter of a callback handed to a
    transaction call around it."""
    arg = s.unwrap(arg)
    if arg.type != 'identifier':
        return False
    name = s.text(arg)
    if name in handles:
        return True
    fn = s.enclosing_function(arg)
    while fn is not None:
        params = s.parameter_names(fn)
        if name in params:
            holder = s.parent_of(fn)
            call = s.parent_of(holder) if holder is not None and holder.type == 'arguments' else None
            return params.index(name) == 0 and call is not None and s.callee_name(call) in calls
        fn = s.enclosing_function(fn)
    return False


def _on_this(arg: Node) -> bool:
    arg = s.unwrap(arg)
    obj = arg.child_by_field_name('object') if arg.type == 'member_expression' else None
    return obj is not None and obj.type == 'this'


def _property(member: Node) -> str:
    prop = member.child_by_field_name('property')
    return s.text(prop) if prop is not None else ''


def _object_text(member: Node) -> str:
    obj = member.child_by_field_name('object')
    return s.text(s.unwrap(obj)) if obj is not None else ''



def handed_candidates(source: bytes, calls: frozenset[str]) -> frozenset[str]:
    """The names ``source`` hands whole to one of ``calls``, first or after a first argument:
    ``useTransaction(buildCreateBsff)``, ``knex.transaction(trxFunction)``, ``withTransaction(ctx, run)``."""
    if not any(c in source for c in _call_bytes(calls)):
        return frozenset()  # the pattern starts with a lookbehind, tried at every byte of every file
    return frozenset(m.group(1).decode() for m in _handing(calls).finditer(source))


@functools.lru_cache(maxsize=4)
def _call_bytes(calls: frozenset[str]) -> tuple[bytes, ...]:
    return tuple(c.encode() for c in calls)


@functools.lru_cache(maxsize=4)
def _handing(calls: frozenset[str]) -> re.Pattern[bytes]:
    alternatives = b'|'.join(re.escape(c.encode()) for c in sorted(calls, key=len, reverse=True))
    return re.compile(rb'(?<![\w$])(?:' + alternatives + rb')\s*\(\s*(?:[\w$.]+\s*,\s*)?([A-Za-z_$][\w$]*)\s*[,)]')


def handed(files: Iterable[File], names: frozenset[str], calls: frozenset[str], handles: frozenset[str]) -> frozenset[str]:
    """Of ``names``, those every place of ``files`` that uses them hands to a transaction call, calls
    with a transaction, or calls with a parameter of a function that is itself handed (``const
    updateBsff = buildUpdateBsff(deps)`` in a handed builder); an import, an export or the
    declaration is no use."""
    if not names:
        return frozenset()
    pattern = _words(names)
    uses: dict[str, list[bool | str]] = {}
    for file in files:
        for m in pattern.finditer(file.source):
            node = file.tree.root.descendant_for_byte_range(m.start(), m.end())
            use = _in_transaction(node, calls, handles) if node is not None else None
            if use is not None:
                uses.setdefault(m.group(0).decode(), []).append(use)
    found = {name for name, ways in uses.items() if all(w is True or isinstance(w, str) for w in ways)}
    while True:  # a builder handed on by another one is handed only if that one is
        kept = {name for name in found if all(w is True or w in found for w in uses[name])}
        if kept == found:
            return frozenset(found)
        found = kept


def _words(names: frozenset[str]) -> re.Pattern[bytes]:
    alternatives = b'|'.join(re.escape(n.encode()) for n in sorted(names, key=len, reverse=True))
    return re.compile(rb'(?<![\w$])(?:' + alternatives + rb')(?![\w$])')


_NO_USE = frozenset(('import_specifier', 'export_specifier', 'import_clause', 'namespace_import', 'export_statement'))
_DECLARES = frozenset(('function_declaration', 'generator_function_declaration', 'variable_declarator'))


def _in_transaction(node: Node, calls: frozenset[str], handles: frozenset[str]) -> bool | str | None:
    """Whether this use of a name runs it in a transaction, or the name of the function whose
    parameter it is called with (it runs in one if that function does); ``None`` where it is no use
    (an import, an export, its declaration, a property, a comment)."""
    if node.type == 'shorthand_property_identifier':
        return False  # `{ buildCreateBsff }`: handed on to whoever reads the object
    if node.type != 'identifier':
        return None
    parent = s.parent_of(node)
    if parent is None or parent.type in _NO_USE:
        return None
    if parent.type in _DECLARES and parent.child_by_field_name('name') == node:
        return None
    if parent.type == 'arguments':
        call = s.parent_of(parent)
        return call is not None and s.callee_name(call) in calls
    if parent.type != 'call_expression' or parent.child_by_field_name('function') != node:
        return False
    args = s.arguments(parent)
    if any(_transaction_handle(a, calls, handles) for a in args):
        return True
    return next((name for a in args if (name := _parameter_of(a))), False)


def _parameter_of(arg: Node) -> str:
    """The name of the function ``arg`` is a parameter of (``deps`` of ``buildUpdateBsffPackaging``)."""
    arg = s.unwrap(arg)
    decl = s.declaration(arg) if arg.type == 'identifier' else None
    holder = s.parent_of(decl) if decl is not None and decl.type != 'variable_declarator' else None
    fn = s.parent_of(holder) if holder is not None and holder.type == 'formal_parameters' else None
    return (s.function_name(fn) or '') if fn is not None else ''


def names_any(source: bytes, names: frozenset[str]) -> bool:
    """``source`` spells one of ``names`` as a word."""
    return bool(names) and _words(names).search(source) is not None


_DECLARED = lazyre.compile(
    rb'\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\b|function\b|\()')


# A write on a model of a client (`prisma.bsff.create(`), the client's name in group 1.
_MODEL_WRITE = lazyre.compile(rb'(?<![\w$.])([A-Za-z_$][\w$]*)\s*\.\s*[A-Za-z_$][\w$]*\s*\.\s*(?:' + _WRITES.encode() + rb')\s*\(')


def declared_functions(source: bytes) -> frozenset[str]:
    """The functions ``source`` declares by name (``function f(``, ``const f = async (``), when it
    writes on a model of a client it is handed (``const { prisma } = deps; prisma.bsff.create(``, a
    parameter ``(tx) => tx.user.create(``): what a transaction call may hand it. Only then does a
    staged file make the engine read the project for ``handed`` (~1 s over 13k files), not for every
    file that updates a hash."""
    if stores.MEMBER_WRITE.search(source) is None or not any(
            _handed_client(source, m.group(1)) for m in _MODEL_WRITE.finditer(source)):
        return frozenset()
    return frozenset((m.group(1) or m.group(2)).decode() for m in _DECLARED.finditer(source))


def _handed_client(source: bytes, name: bytes) -> bool:
    """``name`` is destructured (``const { prisma } = deps``, ``({ prisma, user }) =>``) or a
    parameter (``(tx) =>``, ``function f(db: Db)``) somewhere in ``source``."""
    if name == b'this':
        return False
    word = re.escape(name)
    return re.search(rb'\{[^{}]*(?<![\w$])' + word + rb'(?![\w$])[^{}]*\}\s*[=:)]', source) is not None \
        or re.search(rb'\(\s*(?:[\w$]+\s*(?::[^,()]*)?,\s*)*' + word + rb'\s*(?::[^,()]*)?[,)]\s*(?:=>|:|\{)', source) is not None
