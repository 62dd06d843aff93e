"""missing-transaction's transaction opened by hand and never rolled back: ``BEGIN`` (or a query
runner's ``startTransaction()``) and a ``COMMIT`` in one function with no ``ROLLBACK`` (or MongoDB's
``abortTransaction``) anywhere in it. When a statement in between throws, the ``COMMIT`` is skipped
and nothing ends the transaction: the connection goes back to the pool inside it, and its locks
(SQLite's whole database) stay held."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_BEGIN_SQL = lazyre.compile(rb'[\'"`]\s*(?:begin|start\s+transaction)\b', re.I)
# The same in ``File.lower`` (case-blind patterns cost several times more), where its words are first looked for.
_BEGIN_SQL_LOWER = lazyre.compile(rb'[\'"`]\s*(?:begin|start\s+transaction)\b')
_BEGIN_METHODS = frozenset(m.encode() for m in stores.TRANSACTION_STARTS)
COMMIT = _COMMIT = stores.TRANSACTION_COMMIT
_ROLLBACK = stores.TRANSACTION_ROLLBACK


def possible(scope: Scope) -> bool:
    lower = scope.file.lower
    return any(lower.find(b'commit', a, b) != -1 for a, b in scope.ranges)


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, Node]]:
    """(begin, commit) for each transaction opened by hand that no path rolls back."""
    source = scope.file.source
    for begin in begins(scope, names):
        owner = s.enclosing_function(begin)
        if owner is None or _ROLLBACK.search(source, owner.start_byte, owner.end_byte):
            continue
        commit = _COMMIT.search(source, begin.end_byte, owner.end_byte)
        if commit is None or b'(' not in source[begin.end_byte:commit.start()]:
            continue  # nothing runs in between that could throw
        node = s.descendant(scope.root, commit.start(), commit.end())
        call = next((a for a in (node, *s.ancestors(node)) if a.type == 'call_expression'), None) if node else None
        if call is not None:
            yield begin, call


def begins(scope: Scope, names: Names) -> Iterator[Node]:
    """The calls that open a transaction by hand: a SQL runner sent ``BEGIN``, a ``startTransaction()``."""
    lower = scope.file.lower
    for a, b in scope.ranges:
        if lower.find(b'begin', a, b) == -1 and lower.find(b'transaction', a, b) == -1:
            continue
        for m in _BEGIN_SQL_LOWER.finditer(lower, a, b):
            string = s.descendant(scope.root, m.start(), m.start() + 1)
            while string is not None and string.type not in ('string', 'template_string'):
                string = s.parent_of(string)
            args = s.parent_of(string) if string is not None else None
            call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
            if call is not None and call.type == 'call_expression' \
                    and s.callee_name(call) in names['sql_runners']:
                yield call
    for name in scope.named(_BEGIN_METHODS):
        call = s.called_by(name)
        if call is not None and s.receiver(call) is not None \
                and not any(a.type in s.FUNCTION_TYPES for a in s.arguments(call)):
            yield call


def ends_or_opens(call: Node, source: bytes) -> bool:
    """``query('COMMIT')``, ``query('ROLLBACK')``, ``query('BEGIN')``: the transaction's own statements."""
    text = source[call.start_byte:call.end_byte]
    return bool(_COMMIT.search(text) or _ROLLBACK.search(text) or _BEGIN_SQL.search(text))
