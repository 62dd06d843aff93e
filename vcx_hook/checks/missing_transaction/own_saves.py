"""The rule: a record made through a transaction's handle, then saved by its own ``save()``
(``await manager.create(QuestionType, { ... }).save()`` in ``getManager().transaction(async
(manager) => ...)``, or ``const row = trx.create(Row, data); await row.save()``). The handle only
builds the record; the record's ``save()`` (TypeORM's ``BaseEntity``, an active record) goes
through the default connection, so the write commits alone and a rollback leaves it (helpme's
question type, a real bug of holdout26). ``manager.save(row)`` is the write through the handle.

Low confidence: not yet judged on held-out code."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.declarations import initializer
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# What builds a record on an entity manager without writing it.
_BUILDERS = frozenset(('create', 'merge'))
_CALLS = frozenset(('call_expression',))


def possible(scope: Scope, names: Names) -> bool:
    return scope.holds(b'save') and bool(scope.named(frozenset(n.encode() for n in names['transaction_calls'])))


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(the save, message, evidence) for each record built on a transaction's handle in its
    callback and saved by its own ``save()``."""
    if not possible(scope, names):
        return
    for name in scope.named(frozenset(n.encode() for n in names['transaction_calls'])):
        tx = s.called_by(name)
        callback = next((a for a in s.arguments(tx) if a.type in s.FUNCTION_TYPES), None) if tx is not None else None
        params = s.parameter_names(callback) if callback is not None else []
        body = s.function_body(callback) if callback is not None else None
        if tx is None or body is None or not params or not params[0]:
            continue
        handle = params[0]
        for call in s.own_nodes(body, _CALLS):
            if s.callee_name(call) not in stores.RECORD_WRITE_METHODS or s.arguments(call):
                continue
            built = _built_on(s.receiver(call), handle)
            if built is not None:
                yield call, (
                    f'`{s.callee_path(built)}()` only builds the record: its own `{s.callee_name(call)}()` '
                    f'commits outside the transaction (line {tx.start_point.row + 1}), which a rollback does not undo'), \
                    (tx, built)


def _built_on(record: Node | None, handle: str) -> Node | None:
    """The ``handle.create(...)`` call ``record`` is, or a name declared with it."""
    node = s.unwrap(record) if record is not None else None
    if node is not None and node.type == 'identifier':
        init = initializer(node)
        node = s.unwrap(init) if init is not None else None
        if node is not None and node.type == 'await_expression' and node.named_children:
            node = s.unwrap(node.named_children[0])
    if node is None or node.type != 'call_expression' or s.callee_name(node) not in _BUILDERS:
        return None
    receiver = s.receiver(node)
    return node if receiver is not None and s.text(receiver) == handle else None
