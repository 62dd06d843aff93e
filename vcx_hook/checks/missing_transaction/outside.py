"""The rule: a write left before the transaction its function opens for the other writes, whose
record the transaction uses (``const folder = await prisma.folder.upsert(...)``, then
``prisma.$transaction(async (tx) => tx.program.create({ data: { folderId: folder.id } }))``): when
the transaction fails, the write before it stays, half of one change."""
from __future__ import annotations

from vcx_hook.checks.common import encoded
from vcx_hook.checks.missing_transaction.sequence import in_sequence
from vcx_hook.checks.missing_transaction.transactions import covered
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def outside_write(scope: Scope, owner: Node | None, writes: list[Write], names: Names) -> tuple[Write, Node] | None:
    """The first of ``writes`` (in document order) that runs before a transaction ``owner`` itself
    opens, and the transaction; None when the whole function is in one."""
    if owner is None or covered(scope, owner, names):
        return None
    opened = _opened(scope, owner, names)
    for write in writes:
        for tx in opened:
            # Only a write whose record the transaction uses (`defaultFolderId: folder.id`) is
            # part of its work: cleanups, status changes and follow-ups around a transaction are
            # mostly separate on purpose (tuning: 1 in 9 of those was worth asking).
            if write.node.end_byte <= tx.start_byte and in_sequence(write.node, tx) and _used_in(scope, write, tx):
                return write, tx
    return None


def _used_in(scope: Scope, write: Write, tx: Node) -> bool:
    """Whether ``tx`` reads a name the write's result was declared as (``const folder = await
    prisma.folder.upsert(...)``)."""
    decl = s.parent_of(s.outer_expression(write.node))
    if decl is None or decl.type != 'variable_declarator':
        return False
    pattern = decl.child_by_field_name('name')
    bound = frozenset(n.text for n in _identifiers(pattern)) if pattern is not None else frozenset()
    return any(s.declaration(ident) == decl for ident in scope.file.named(bound, ((tx.start_byte, tx.end_byte),)))


def _identifiers(pattern: Node) -> list[Node]:
    if pattern.type in ('identifier', 'shorthand_property_identifier_pattern'):
        return [pattern]
    return [n for c in pattern.named_children for n in _identifiers(c)]


def _opened(scope: Scope, owner: Node, names: Names) -> list[Node]:
    """The calls in ``owner`` (not in a function inside it) that run a callback or a list of
    writes in a transaction: ``prisma.$transaction(async (tx) => ...)``, ``db.transaction([...])``."""
    calls = names['transaction_calls']
    out = []
    for name in scope.file.named(frozenset(encoded(calls)), ((owner.start_byte, owner.end_byte),)):
        call = s.called_by(name)
        if call is None or s.callee_name(call) not in calls or s.enclosing_function(call) != owner:
            continue
        if any(a.type in s.FUNCTION_TYPES or a.type == 'array' for a in s.arguments(call)):
            out.append(call)
    return out
